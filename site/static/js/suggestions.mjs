// A list of suggestions under a text field: an ARIA listbox the field points at with
// aria-controls and aria-activedescendant, a polite live region, arrow keys, Enter to
// choose and Escape to close. Shared by the site search's combobox
// (search/static/search/autocomplete.mjs) and the forum's @mention suggestions
// (forum/static/forum/mentions.mjs); each says what an option shows and what choosing does.
// With `activateFirst` the first option is active as soon as the list opens, so Enter picks
// it (the mentions, as in Discourse); without it Enter keeps its own meaning until an arrow
// key is pressed (the search box submits what was typed).

export function suggestionList(
  field,
  { id, label, className, container, onChoose, onToggle, activateFirst = false },
) {
  const list = document.createElement("ul");
  list.id = id;
  list.className = className;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", label);
  list.hidden = true;
  const status = document.createElement("div");
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  container.append(list, status);
  field.setAttribute("aria-autocomplete", "list");
  field.setAttribute("aria-controls", id);

  let active = -1;
  const options = () => Array.from(list.querySelectorAll("[role=option]"));

  function setOpen(open) {
    list.hidden = !open;
    onToggle?.(open);
  }

  function highlight(index) {
    const all = options();
    all.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0 && all[index]) {
      field.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    } else {
      field.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    setOpen(false);
    list.replaceChildren();
    highlight(-1);
  }

  // Replace the options: `fill(option, item)` gives each one its content and data;
  // `announcement` is what the live region says.
  function show(items, fill, announcement) {
    list.replaceChildren();
    items.forEach((item, i) => {
      const option = document.createElement("li");
      option.id = `${id}-${i}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      fill(option, item);
      option.addEventListener("mousedown", (event) => {
        event.preventDefault(); // the field keeps the focus (and a textarea its caret)
        onChoose(option);
      });
      list.append(option);
    });
    highlight(activateFirst && items.length ? 0 : -1);
    setOpen(items.length > 0);
    status.textContent = items.length ? announcement : "";
  }

  // Arrow keys, Enter (and any other `chooseKeys`) and Escape while the list is open.
  // True when the key was the list's.
  function handleKey(event, chooseKeys = ["Enter"]) {
    const all = options();
    if (list.hidden || !all.length) return false;
    if (event.key === "ArrowDown") {
      highlight((active + 1) % all.length);
    } else if (event.key === "ArrowUp") {
      highlight(active <= 0 ? all.length - 1 : active - 1);
    } else if (chooseKeys.includes(event.key) && all[active]) {
      onChoose(all[active]);
    } else if (event.key === "Escape") {
      close(); // only the list: the browser's own Escape would also clear what was typed
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  }

  return {
    close,
    show,
    handleKey,
    isOpen: () => !list.hidden,
    announce: (text) => {
      status.textContent = text;
    },
  };
}

// A JSON GET whose earlier, slower answers never overwrite a later one: each call aborts
// the one before. Resolves to the parsed body, null when the request failed, or undefined
// when a later call overtook it (its answer is on the way).
export function latestJSON() {
  let controller = null;
  return async (url) => {
    controller?.abort();
    controller = new AbortController();
    try {
      const response = await fetch(url, {
        signal: controller.signal,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      return response.ok ? await response.json() : null;
    } catch (error) {
      return error.name === "AbortError" ? undefined : null;
    }
  };
}
