// Suggestions as you type, as an ARIA 1.2 combobox. Without this file the search box is
// a plain form that works the same; with it, arrow keys move through suggestions, Enter
// picks one, Escape closes the list (a second Escape clears the box, as the browser does),
// and a live region says how many there are.
import { latestJSON, suggestionList } from "../js/suggestions.mjs";

const DEBOUNCE_MS = 150;

function enhance(container) {
  const input = container.querySelector("input[type=search]");
  const form = container.closest("form");
  if (!input || !form) return;
  const url = container.dataset.suggestUrl;
  const fetchJSON = latestJSON();
  let timer = null;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-expanded", "false");
  const suggestions = suggestionList(input, {
    id: `${input.id}-suggestions`,
    label: "Suggestions",
    className: "wm-autocomplete__list",
    container,
    onToggle: (open) => input.setAttribute("aria-expanded", String(open)),
    onChoose: (option) => {
      input.value = option.dataset.value;
      suggestions.close();
      form.requestSubmit();
    },
  });

  function fill(option, suggestion) {
    option.className = "wm-autocomplete__option";
    option.dataset.value = suggestion.text;
    option.textContent = suggestion.text;
  }

  async function fetchSuggestions() {
    const value = input.value.trim();
    if (value.length < 2) return suggestions.close();
    const body = await fetchJSON(`${url}?q=${encodeURIComponent(value)}`);
    if (body === null) return suggestions.close();
    if (body && input.value.trim() === value) {
      const count = (body.suggestions || []).length;
      suggestions.show(
        body.suggestions || [],
        fill,
        `${count} suggestion${count === 1 ? "" : "s"}. Use the up and down arrows to choose.`,
      );
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (event) => suggestions.handleKey(event));
  input.addEventListener("blur", () => setTimeout(suggestions.close, 100));
}

document.querySelectorAll("[data-autocomplete]").forEach(enhance);
