from django.http import Http404
from wagtail import hooks

from .selectors import document_is_visible_to


@hooks.register("before_serve_document")
def refuse_documents_the_user_may_not_see(document, request):
    # 404, not 403: a stranger must not learn that a members-only file exists.
    if not document_is_visible_to(document, request.user):
        raise Http404
