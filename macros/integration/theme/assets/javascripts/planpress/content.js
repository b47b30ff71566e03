// Material for MkDocs 9.8.2's partials/javascripts/content.html (MIT licence), the script it writes on every page,
// unchanged, moved out of the page so that the Content-Security-Policy can refuse every inline script.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
