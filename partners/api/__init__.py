"""The partner and programme directory as open data: a read-only JSON API compatible with
Open Referral's Human Services Data Specification (HSDS) 3.0, with its OpenAPI document.

Organisations are HSDS organizations, programmes are services, an organisation's address
is its location, a programme's area served is its service area; target groups, pathway
stages and the kinds of organisations and programmes are taxonomy terms linked by
attributes. Only what the public directory shows leaves the portal: no membership, no
member-only contact, no proposal from the registry import (docs/open-directory.md).
"""
