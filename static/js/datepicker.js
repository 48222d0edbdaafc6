// Progressive enhancement: the date box works when typed into (and without JavaScript); with
// JavaScript, a Jalali calendar opens on focus. Bounds come from data-jdp-min-date/-max-date,
// which the server checks again.
(function () {
  "use strict";
  if (!window.jalaliDatepicker) {
    return;
  }
  // The server prefills the box in Persian digits, which the picker cannot read: with the
  // picker on, the box holds the Latin digits it reads and writes (the server accepts both).
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  Array.prototype.forEach.call(document.querySelectorAll("input[data-jdp]"), function (box) {
    box.value = box.value.replace(/[۰-۹]/g, function (digit) { return String(PERSIAN.indexOf(digit)); });
  });
  window.jalaliDatepicker.startWatch({
    minDate: "attr",
    maxDate: "attr",
    persianDigits: true,
    autoReadOnlyInput: false,
    showCloseBtn: true,
    hideAfterChange: true,
  });
})();
