// Progressive enhancement only: every core journey works without this file.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// The header's menu and the filters fold on a phone; on a wide screen the stylesheet shows
// them open. A browser that cannot (no ::details-content) gets them opened here instead.
if (!CSS.supports("selector(::details-content)") && window.matchMedia("(min-width: 40.0625em)").matches) {
  for (const fold of document.querySelectorAll("details.wm-fold")) fold.open = true;
}
