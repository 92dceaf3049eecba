// Suggestions as you type, as an ARIA 1.2 combobox. Without this file the search box is
// a plain form that works the same; with it, arrow keys move through suggestions, Enter
// picks one, Escape closes the list (a second Escape clears the box, as the browser does),
// and a live region says how many there are.
const DEBOUNCE_MS = 150;

function enhance(container) {
  const input = container.querySelector("input[type=search]");
  const form = container.closest("form");
  if (!input || !form) return;
  const url = container.dataset.suggestUrl;
  const listId = `${input.id}-suggestions`;

  const list = document.createElement("ul");
  list.id = listId;
  list.className = "wm-autocomplete__list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  list.hidden = true;
  const status = document.createElement("div");
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  container.append(list, status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", listId);
  input.setAttribute("aria-expanded", "false");

  let active = -1;
  let timer = null;
  let controller = null;

  const options = () => Array.from(list.querySelectorAll("[role=option]"));

  function close() {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    const all = options();
    all.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0 && all[index]) {
      input.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(option) {
    input.value = option.dataset.value;
    close();
    form.requestSubmit();
  }

  function show(suggestions) {
    list.replaceChildren();
    suggestions.forEach((suggestion, i) => {
      const option = document.createElement("li");
      option.id = `${listId}-${i}`;
      option.className = "wm-autocomplete__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.value = suggestion.text;
      option.textContent = suggestion.text;
      option.addEventListener("mousedown", (event) => {
        event.preventDefault();
        choose(option);
      });
      list.append(option);
    });
    const count = suggestions.length;
    list.hidden = count === 0;
    input.setAttribute("aria-expanded", String(count > 0));
    status.textContent = count
      ? `${count} suggestion${count === 1 ? "" : "s"}. Use the up and down arrows to choose.`
      : "";
    active = -1;
  }

  async function fetchSuggestions() {
    const value = input.value.trim();
    if (value.length < 2) {
      close();
      return;
    }
    controller?.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`${url}?q=${encodeURIComponent(value)}`, {
        signal: controller.signal,
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return close();
      const body = await response.json();
      if (input.value.trim() === value) show(body.suggestions || []);
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (event) => {
    const all = options();
    if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      highlight((active + 1) % all.length);
    } else if (event.key === "ArrowUp" && all.length) {
      event.preventDefault();
      highlight(active <= 0 ? all.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0 && all[active]) {
      event.preventDefault();
      choose(all[active]);
    } else if (event.key === "Escape" && !list.hidden) {
      // Close the list only: the browser's own Escape would also clear the words typed.
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
}

document.querySelectorAll("[data-autocomplete]").forEach(enhance);
