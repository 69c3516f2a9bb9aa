/*
 * Search box autocomplete (WAI-ARIA combobox with a listbox popup, manual selection) and
 * marking of the searched words on a page opened from the results (?hl=...).
 *
 * Self-hosted, no dependencies. Every form with data-autocomplete-url gets the behaviour;
 * without JavaScript the forms still submit to the results page.
 *
 * Keys in the box: Down/Up move through the suggestions, Enter picks the highlighted one
 * (and searches for it), Escape closes the list (a second Escape clears the box),
 * Tab closes it. A polite live region announces how many suggestions there are.
 */
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DELAY_MS = 180;
  var instance = 0;

  function fold(text) {
    // one output character per input character, so offsets stay valid
    var out = "";
    for (var i = 0; i < text.length; i++) {
      out += text.charAt(i).normalize("NFD").charAt(0).toLowerCase();
    }
    return out;
  }

  function Combobox(form) {
    instance += 1;
    this.form = form;
    this.input = form.querySelector("[role=combobox]");
    this.listbox = form.querySelector("[role=listbox]");
    this.status = form.querySelector("[data-autocomplete-status]");
    this.url = form.getAttribute("data-autocomplete-url");
    this.statusTemplate = form.getAttribute("data-status-template") || "%(count)s";
    this.statusNone = form.getAttribute("data-status-none") || "";
    this.idPrefix = (this.input.id || "search") + "-option-" + instance + "-";
    this.options = [];
    this.active = -1;
    this.timer = null;
    this.controller = null;
    this.lastQuery = "";
    this.bind();
  }

  Combobox.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("input", function () { self.schedule(); });
    this.input.addEventListener("keydown", function (event) { self.onKey(event); });
    this.input.addEventListener("blur", function () {
      // let a click on an option land first
      window.setTimeout(function () { self.close(); }, 150);
    });
    this.listbox.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep the focus in the box
    });
    this.listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { self.choose(Number(option.getAttribute("data-index"))); }
    });
  };

  Combobox.prototype.schedule = function () {
    var self = this;
    window.clearTimeout(this.timer);
    var query = this.input.value.trim();
    if (query.length < MIN_CHARS) {
      this.close();
      return;
    }
    this.timer = window.setTimeout(function () { self.fetch(query); }, DELAY_MS);
  };

  Combobox.prototype.fetch = function (query) {
    var self = this;
    if (this.controller) { this.controller.abort(); }
    this.controller = typeof AbortController === "function" ? new AbortController() : null;
    var url = this.url + (this.url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
    window.fetch(url, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: this.controller ? this.controller.signal : undefined
    })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) {
        if (self.input.value.trim() !== query) { return; }
        self.lastQuery = query;
        self.render(data.suggestions || []);
      })
      .catch(function () { /* aborted or offline: the form still works */ });
  };

  Combobox.prototype.render = function (suggestions) {
    var self = this;
    this.listbox.textContent = "";
    this.options = suggestions;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    suggestions.forEach(function (suggestion, index) {
      var li = document.createElement("li");
      li.id = self.idPrefix + index;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-index", String(index));
      li.className = "autocomplete-option";
      var title = document.createElement("span");
      title.className = "autocomplete-title";
      title.textContent = suggestion.title;
      li.appendChild(title);
      if (suggestion.kind_label) {
        var kind = document.createElement("span");
        kind.className = "autocomplete-kind";
        kind.textContent = " – " + suggestion.kind_label;
        li.appendChild(kind);
      }
      self.listbox.appendChild(li);
    });
    if (suggestions.length) {
      this.open();
      this.announce(this.statusTemplate.replace("%(count)s", String(suggestions.length)));
    } else {
      this.close();
      this.announce(this.statusNone);
    }
  };

  Combobox.prototype.announce = function (text) {
    if (this.status) { this.status.textContent = text; }
  };

  Combobox.prototype.open = function () {
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Combobox.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  Combobox.prototype.isOpen = function () {
    return !this.listbox.hidden && this.options.length > 0;
  };

  Combobox.prototype.highlight = function (index) {
    var items = this.listbox.querySelectorAll("[role=option]");
    if (!items.length) { return; }
    if (index < 0) { index = items.length - 1; }
    if (index >= items.length) { index = 0; }
    for (var i = 0; i < items.length; i++) {
      items[i].setAttribute("aria-selected", i === index ? "true" : "false");
      items[i].classList.toggle("is-active", i === index);
    }
    this.active = index;
    this.input.setAttribute("aria-activedescendant", items[index].id);
    items[index].scrollIntoView({ block: "nearest" });
  };

  Combobox.prototype.choose = function (index) {
    var suggestion = this.options[index];
    if (!suggestion) { return; }
    this.input.value = suggestion.title;
    this.close();
    if (typeof this.form.requestSubmit === "function") {
      this.form.requestSubmit();
    } else {
      this.form.submit();
    }
  };

  Combobox.prototype.onKey = function (event) {
    switch (event.key) {
      case "ArrowDown":
      case "Down":
        event.preventDefault();
        if (!this.isOpen()) {
          if (this.options.length && this.input.value.trim() === this.lastQuery) {
            this.open();
          } else {
            this.schedule();
            return;
          }
        }
        this.highlight(this.active + 1);
        break;
      case "ArrowUp":
      case "Up":
        if (this.isOpen()) {
          event.preventDefault();
          this.highlight(this.active - 1);
        }
        break;
      case "Enter":
        if (this.isOpen() && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        }
        break;
      case "Escape":
      case "Esc":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  // --- marking the searched words on an opened result --------------------------------------

  function stemOf(word) {
    if (word.length <= 4) { return word; }
    if (word.length <= 6) { return word.slice(0, word.length - 1); }
    return word.slice(0, word.length - 3);
  }

  function markSearchedWords() {
    var params = new URLSearchParams(window.location.search);
    var query = params.get("hl");
    var root = document.getElementById("main");
    if (!query || !root) { return; }
    var stems = fold(query).split(/[^0-9a-z\u00c0-\u024f]+/).filter(function (word) {
      return word.length >= 3;
    }).map(stemOf);
    if (!stems.length) { return; }
    var wordPattern = /[0-9A-Za-z\u00C0-\u024F]+/g;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        if (!parent || parent.closest("script, style, textarea, input, select, mark, form, [role=search]")) {
          return NodeFilter.FILTER_REJECT;
        }
        return node.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var folded = fold(text);
      var ranges = [];
      var match;
      wordPattern.lastIndex = 0;
      while ((match = wordPattern.exec(folded)) !== null) {
        var word = match[0];
        for (var i = 0; i < stems.length; i++) {
          if (word.indexOf(stems[i]) === 0) {
            ranges.push([match.index, match.index + word.length]);
            break;
          }
        }
      }
      if (!ranges.length) { return; }
      var fragment = document.createDocumentFragment();
      var last = 0;
      ranges.forEach(function (range) {
        fragment.appendChild(document.createTextNode(text.slice(last, range[0])));
        var mark = document.createElement("mark");
        mark.className = "search-term";
        mark.textContent = text.slice(range[0], range[1]);
        fragment.appendChild(mark);
        last = range[1];
      });
      fragment.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(fragment, node);
    });
  }

  function init() {
    var forms = document.querySelectorAll("form[data-autocomplete-url]");
    for (var i = 0; i < forms.length; i++) {
      if (forms[i].querySelector("[role=combobox]") && forms[i].querySelector("[role=listbox]")) {
        new Combobox(forms[i]);
      }
    }
    markSearchedWords();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
