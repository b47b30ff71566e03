// The drawer and search start closed on every load, even where a browser restores form state
// (macros/html_fixes.py removes Material's autocomplete="off" from these checkboxes, which HTML forbids).
// A file of its own, not an inline script, so that the Content-Security-Policy can refuse every inline script.
for (const id of ["__drawer", "__search"]) {
  const toggle = document.getElementById(id);
  if (toggle) toggle.checked = false;
}
