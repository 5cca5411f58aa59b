// The pages' few behaviours, bound by data attributes: the Content-Security-Policy allows
// scripts from this site only, so no template carries inline handlers.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-toggle-open]");
  if (toggle) toggle.closest("li").classList.toggle("open");
  if (event.target.closest("[data-print]")) window.print();
  const all = event.target.closest("input[data-check-all]");
  if (all) {
    document
      .querySelectorAll(`input[name="${all.dataset.checkAll}"]`)
      .forEach((box) => { box.checked = all.checked; });
  }
});
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});
