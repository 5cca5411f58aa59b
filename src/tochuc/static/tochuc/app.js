// The pages' few behaviours, bound by data attributes: the Content-Security-Policy allows
// scripts from this site only, so no template carries inline handlers.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-toggle-open]");
  if (toggle) toggle.closest("li").classList.toggle("open");
  if (event.target.closest("[data-print]")) window.print();
  // A long download (a province's members) starts at once but takes a while: one click is
  // one download; the link comes back after a pause (the server refuses a second meanwhile).
  const download = event.target.closest("a[data-download-once]");
  if (download) {
    if (download.getAttribute("aria-disabled") === "true") {
      event.preventDefault();
    } else {
      const label = download.textContent;
      download.setAttribute("aria-disabled", "true");
      download.textContent = download.dataset.downloadOnce;
      setTimeout(() => {
        download.removeAttribute("aria-disabled");
        download.textContent = label;
      }, 20000);
    }
  }
  const all = event.target.closest("input[data-check-all]");
  if (all) {
    document
      .querySelectorAll(`input[name="${all.dataset.checkAll}"]`)
      .forEach((box) => { box.checked = all.checked; });
  }
});
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
  // A list of checkboxes folded into a summary ("Đề án, Nghị quyết"; none ticked: its default).
  const pick = event.target.closest("details[data-pick]");
  if (pick) {
    const names = [...pick.querySelectorAll("input:checked")].map((box) => box.parentElement.textContent.trim());
    pick.querySelector("summary").textContent = names.join(", ") || pick.dataset.pick;
  }
});
