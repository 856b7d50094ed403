// Choosing a process shows its intake form (no inline handlers: the CSP allows none).
document.querySelectorAll("select[data-submit-on-change]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
