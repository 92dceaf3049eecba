// Printed guidance shows every FAQ answer, not only the ones a reader opened.
window.addEventListener("beforeprint", () => {
  for (const details of document.querySelectorAll(".wm-guidance-body details:not([open])")) {
    details.setAttribute("open", "");
    details.dataset.openedForPrint = "true";
  }
});
window.addEventListener("afterprint", () => {
  for (const details of document.querySelectorAll("details[data-opened-for-print]")) {
    details.removeAttribute("open");
    delete details.dataset.openedForPrint;
  }
});
