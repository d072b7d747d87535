// The import page: a chosen file fills the text area it names, so the browser posts it as text
// and the preview shows what it holds. Files over the form limit are refused here, with a reason.
document.addEventListener("change", (e) => {
  const input = e.target;
  if (!input.matches || !input.matches("input[type=file][data-fill]") || !input.files.length) {
    return;
  }
  const file = input.files[0];
  const target = document.getElementById(input.getAttribute("data-fill"));
  const max = Number(input.getAttribute("data-max"));
  if (max && file.size > max) {
    input.value = "";
    window.alert(file.name + " is larger than 4 MB: import it through the API instead.");
    return;
  }
  file.text().then((text) => {
    target.value = text;
  });
});
