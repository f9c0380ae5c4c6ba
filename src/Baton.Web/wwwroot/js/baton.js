// Small conveniences only; every page works without this file.
document.addEventListener("keydown", (e) => {
  // "/" jumps to the queue search, as in most tools people already use.
  if (e.key === "/" && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement)) {
    const search = document.querySelector("input[type=search]");
    if (search) { e.preventDefault(); search.focus(); }
  }
});
document.addEventListener("submit", (e) => {
  const message = e.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) { e.preventDefault(); }
});
