// Dates as people type them, read in the browser by the server's own rules (agreement/jalali.py and
// agreement.fields.LocalDateField): Latin, Persian or Arabic-Indic digits; the parts joined by
// / - . or the Persian decimal sign ٫; Jalali in Persian, ISO Gregorian in English unless the year is
// clearly Solar Hijri (below 1700). The field page reads its date box with it when there is no network
// to ask (static/js/fieldlog.js); the calendar's button (static/js/datepicker.js) uses its digits.
// The calendar arithmetic is jdatetime's (the 33-year rule, 1 Farvardin 1300 = 21 March 1921),
// compared with jdatetime for every month of 1300-1499 in tests/browser/test_field_dates.py.
(function () {
  "use strict";
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  var ARABIC = "٠١٢٣٤٥٦٧٨٩";
  var BIDI = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;
  var PATTERN = /^\s*([0-9]{4})\s*[-/.٫]\s*([0-9]{1,2})\s*[-/.٫]\s*([0-9]{1,2})\s*$/;
  var FIRST_JALALI = 1300;
  var LAST_JALALI = 1499;
  var FIRST_GREGORIAN = 1921;
  var LAST_GREGORIAN = 2120;
  var EPOCH = Date.UTC(1921, 2, 21); // 1 Farvardin 1300
  var DAY = 24 * 60 * 60 * 1000;

  function latinDigits(text) {
    return String(text).replace(/[۰-۹]/g, function (digit) { return String(PERSIAN.indexOf(digit)); })
      .replace(/[٠-٩]/g, function (digit) { return String(ARABIC.indexOf(digit)); });
  }
  function persianDigits(text) {
    return String(text).replace(/[0-9]/g, function (digit) { return PERSIAN[Number(digit)]; })
      .replace(/[٠-٩]/g, function (digit) { return PERSIAN[ARABIC.indexOf(digit)]; });
  }
  function pad(value, width) {
    var text = String(value);
    while (text.length < width) {
      text = "0" + text;
    }
    return text;
  }

  function isLeap(year) {
    return [1, 5, 9, 13, 17, 22, 26, 30].indexOf(year % 33) !== -1;
  }
  function monthLength(year, month) {
    if (month <= 6) {
      return 31;
    }
    if (month <= 11) {
      return 30;
    }
    return isLeap(year) ? 30 : 29;
  }
  function daysBefore(year, month) {
    var days = 0;
    for (var y = FIRST_JALALI; y < year; y++) {
      days += isLeap(y) ? 366 : 365;
    }
    return days + (month <= 7 ? (month - 1) * 31 : 186 + (month - 7) * 30);
  }
  // Jalali year, month, day -> "YYYY-MM-DD" (Gregorian).
  function toGregorian(year, month, day) {
    var date = new Date(EPOCH + (daysBefore(year, month) + day - 1) * DAY);
    return date.toISOString().slice(0, 10);
  }
  // "YYYY-MM-DD" (Gregorian) -> {year, month, day} in the Jalali calendar.
  function toJalali(iso) {
    var days = Math.round((Date.parse(iso + "T00:00:00Z") - EPOCH) / DAY);
    var year = FIRST_JALALI;
    while (days >= (isLeap(year) ? 366 : 365)) {
      days -= isLeap(year) ? 366 : 365;
      year += 1;
    }
    var month = 1;
    while (days >= monthLength(year, month)) {
      days -= monthLength(year, month);
      month += 1;
    }
    return { year: year, month: month, day: days + 1 };
  }
  // "1403/01/15" (Latin digits), as the picker and the server write a Jalali date.
  function formatJalali(iso) {
    var date = toJalali(iso);
    return pad(date.year, 4) + "/" + pad(date.month, 2) + "/" + pad(date.day, 2);
  }

  function split(text) {
    var match = PATTERN.exec(latinDigits(String(text || "").replace(BIDI, "")));
    if (!match) {
      return null;
    }
    return [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  function gregorianIso(year, month, day) {
    var iso = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2);
    var date = new Date(iso + "T00:00:00Z");
    return !isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
  }
  // Why the text is not a date, as agreement/jalali.py says it: {error, params} (params in Latin
  // digits; the caller puts them in the reader's digits), or {iso} for a date.
  function parseJalali(text) {
    var parts = split(text);
    if (!parts) {
      return { error: "format", params: {} };
    }
    var year = parts[0];
    var month = parts[1];
    var day = parts[2];
    var outside = year < FIRST_JALALI || year > LAST_JALALI;
    if (outside && year >= FIRST_GREGORIAN && year <= LAST_GREGORIAN) {
      var iso = gregorianIso(year, month, day);
      if (!iso) {
        return { error: "gregorian_year", params: { year: String(year), example: "1403/01/15" } };
      }
      var typed = pad(year, 4) + "/" + pad(month, 2) + "/" + pad(day, 2);
      return { error: "gregorian_date", params: { typed: typed, jalali: formatJalali(iso) } };
    }
    if (outside) {
      return { error: "year", params: { first: String(FIRST_JALALI), last: String(LAST_JALALI) } };
    }
    if (month < 1 || month > 12) {
      return { error: "month", params: { month: String(month) } };
    }
    if (day < 1 || day > monthLength(year, month)) {
      if (month === 12 && day === 30) {
        return { error: "leap", params: { year: String(year) } };
      }
      return { error: "day", params: { day: String(day), month: String(month), year: String(year) } };
    }
    return { iso: toGregorian(year, month, day) };
  }
  function parseGregorian(text) {
    var parts = split(text);
    if (!parts) {
      return { error: "format", params: {} };
    }
    if (parts[0] < FIRST_GREGORIAN || parts[0] > LAST_GREGORIAN) {
      return { error: "year", params: { first: String(FIRST_GREGORIAN), last: String(LAST_GREGORIAN) } };
    }
    var iso = gregorianIso(parts[0], parts[1], parts[2]);
    return iso ? { iso: iso } : { error: "invalid", params: { text: String(text) } };
  }
  // What LocalDateField.to_python does with a date box's text: in Persian always Jalali; in English
  // Gregorian unless the year is below 1700.
  function parse(text, persian) {
    var first = Number(latinDigits(String(text || "").replace(BIDI, "")).trim().split(/[-/.٫]/)[0]) || 0;
    if (persian || first < 1700) {
      return parseJalali(text);
    }
    return parseGregorian(text);
  }

  window.peymanDates = {
    latinDigits: latinDigits,
    persianDigits: persianDigits,
    toGregorian: toGregorian,
    toJalali: toJalali,
    formatJalali: formatJalali,
    parse: parse,
  };
})();
