// Progressive enhancement of the entry form; it works the same without JavaScript.
// - The chosen files are listed by name under the label that opens the (hidden) file input.
// - A percent well below what is already verified shows the server's warning as it is typed
//   (the server says it again after the save): a warning, never a refusal.
(function () {
  "use strict";
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  var ARABIC = "٠١٢٣٤٥٦٧٨٩";
  function latinNumber(text) {
    return Number(String(text).trim()
      .replace(/[۰-۹]/g, function (digit) { return String(PERSIAN.indexOf(digit)); })
      .replace(/[٠-٩]/g, function (digit) { return String(ARABIC.indexOf(digit)); }));
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.entry-form input[type=file]"), function (input) {
    var list = input.parentNode.querySelector("[data-chosen-files]");
    if (!list) {
      return;
    }
    input.addEventListener("change", function () {
      list.textContent = "";
      Array.prototype.forEach.call(input.files, function (file) {
        var item = document.createElement("li");
        var name = document.createElement("bdi");
        name.textContent = file.name;
        item.appendChild(name);
        list.appendChild(item);
      });
    });
  });

  var box = document.querySelector("input[data-verified-percent]");
  var warning = document.querySelector("[data-below-verified]");
  if (box && warning) {
    var verified = Number(box.getAttribute("data-verified-percent"));
    var margin = Number(box.getAttribute("data-well-below"));
    var check = function () {
      var typed = latinNumber(box.value);
      warning.hidden = !(box.value.trim() !== "" && !isNaN(typed) && typed <= verified - margin);
    };
    box.addEventListener("input", check);
    box.addEventListener("change", check);
  }
})();
