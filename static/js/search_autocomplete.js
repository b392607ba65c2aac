/* Autocomplete for search boxes: the WAI-ARIA combobox pattern with a listbox popup.
 *
 * Markup: <input role="combobox" aria-controls="LISTBOX" data-search-autocomplete="URL"> and
 * <ul id="LISTBOX" role="listbox" hidden>. URL is the search page; suggestions come as JSON
 * from its "podpowiedzi/" address (URL podpowiedzi/?q=…; the old URL?podpowiedzi=1 still works).
 * Keyboard: Down/Up move through the suggestions, Enter picks one (and searches for it),
 * Escape closes the list (or clears the box when it is closed), Tab leaves. Focus stays in
 * the input; the active option is announced through aria-activedescendant, and the number of
 * suggestions through a polite live region. No dependencies, no network beyond our own URL.
 */
(function () {
  "use strict";

  var DELAY = 150;
  var MIN_LENGTH = 2;

  function setup(input) {
    var listbox = document.getElementById(input.getAttribute("aria-controls"));
    if (!listbox) return;
    var form = input.form;
    var url = input.getAttribute("data-search-autocomplete");
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.parentNode.appendChild(status);

    var timer = null;
    var sequence = 0;
    var suggestions = [];
    var active = -1;

    function announce(text) {
      status.textContent = text;
    }

    function close() {
      listbox.hidden = true;
      listbox.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      suggestions = [];
      active = -1;
    }

    function setActive(index) {
      var options = listbox.querySelectorAll('[role="option"]');
      if (!options.length) return;
      active = (index + options.length) % options.length;
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      var suggestion = suggestions[index];
      if (!suggestion) return;
      input.value = suggestion.title;
      close();
      if (form) form.submit();
    }

    function render(items) {
      suggestions = items;
      active = -1;
      listbox.innerHTML = "";
      input.removeAttribute("aria-activedescendant");
      if (!items.length) {
        close();
        announce(input.getAttribute("data-msg-none") || "");
        return;
      }
      items.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = listbox.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "search-listbox__option";
        var title = document.createElement("span");
        title.className = "search-listbox__title";
        title.textContent = item.title;
        var type = document.createElement("span");
        type.className = "search-listbox__type";
        type.textContent = item.type_label;
        option.appendChild(title);
        option.appendChild(document.createTextNode(" "));
        option.appendChild(type);
        // mousedown, not click: the input keeps focus and does not close the list first.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        listbox.appendChild(option);
      });
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      announce((input.getAttribute("data-msg-count") || "{count}").replace("{count}", items.length));
    }

    function fetchSuggestions() {
      var text = input.value.trim();
      if (text.length < MIN_LENGTH) {
        close();
        return;
      }
      var mine = ++sequence;
      var address = url.split("?")[0].replace(/\/?$/, "/") + "podpowiedzi/?q=" + encodeURIComponent(text);
      fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (mine === sequence && document.activeElement === input) render(data.suggestions || []);
        })
        .catch(function () {
          if (mine === sequence) close();
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (open) setActive(active + 1);
          else fetchSuggestions();
          break;
        case "ArrowUp":
          if (open) {
            event.preventDefault();
            setActive(active - 1);
          }
          break;
        case "Enter":
          if (open && active >= 0) {
            event.preventDefault();
            choose(active);
          }
          break;
        case "Escape":
          if (open) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
          }
          break;
        case "Tab":
          close();
          break;
      }
    });

    input.addEventListener("blur", function () {
      setTimeout(close, 100);
    });
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-search-autocomplete]");
    for (var i = 0; i < inputs.length; i++) setup(inputs[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
