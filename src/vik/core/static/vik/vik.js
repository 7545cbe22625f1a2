// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // A choice that submits its form at once (the language menu). No inline handlers: the content
  // security policy allows only scripts from our own static files.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  // Ask for confirmation before destructive or irreversible actions.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // Open the <details> that holds a form with errors, and focus its first field.
  const invalid = document.querySelector(".errorlist");
  if (invalid) {
    const details = invalid.closest("details");
    if (details) details.open = true;
    const field = invalid.parentElement.querySelector("input, select, textarea");
    if (field) field.focus();
  }
});
