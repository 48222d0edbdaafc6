// Progressive enhancement: the date box works when typed into (and without JavaScript); with
// JavaScript, a Jalali calendar opens on focus. Bounds come from data-jdp-min-date/-max-date,
// which the server checks again.
(function () {
  "use strict";
  if (!window.jalaliDatepicker) {
    return;
  }
  window.jalaliDatepicker.startWatch({
    minDate: "attr",
    maxDate: "attr",
    persianDigits: true,
    autoReadOnlyInput: false,
    showCloseBtn: true,
    hideAfterChange: true,
  });
})();
