// Small DOM helpers. Text from the API is always set as text, never as HTML.

export function $(id) {
  return document.getElementById(id);
}

// Create an element: `props` sets properties, except `class`, `data-*` and
// `aria-*` keys, which become attributes. Children are nodes or strings.
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === "class") {
      element.className = value;
    } else if (key.startsWith("data-") || key.startsWith("aria-")) {
      element.setAttribute(key, value);
    } else {
      element[key] = value;
    }
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return element;
}

export function showText(element, text) {
  element.textContent = text;
  element.hidden = !text;
}

// Format a decimal string such as "12.50" as money with its currency code.
export function formatMoney(amount, currency) {
  const value = Number(amount);
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency, currencyDisplay: "code" }).format(value);
  } catch {
    // An unknown currency code: show the raw amount rather than nothing.
    return `${amount} ${currency}`;
  }
}

// Money as a whole number of cents, so that sums are exact.
export function toCents(amount) {
  const [whole, fraction = ""] = String(amount).split(".");
  const sign = whole.startsWith("-") ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2)));
}

export function centsToAmount(cents) {
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, "0")}`;
}

export function formatDateTime(isoString) {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(isoString));
}

// Clear the field and form errors that showFormErrors put on `form`.
export function clearFormErrors(form) {
  for (const element of form.querySelectorAll("[data-error-for]")) {
    showText(element, "");
  }
  for (const control of form.querySelectorAll("[aria-invalid]")) {
    control.removeAttribute("aria-invalid");
  }
  for (const element of form.querySelectorAll(".form-success")) {
    showText(element, "");
  }
}

// Put each API error next to the control named by its `attr`. Errors for
// fields that this form does not show go to the form-wide error line.
export function showFormErrors(form, errors) {
  clearFormErrors(form);
  const messages = new Map();
  for (const error of errors) {
    const known = error.attr && form.querySelector(`[data-error-for="${CSS.escape(error.attr)}"]`);
    const key = known ? error.attr : "";
    messages.set(key, [...(messages.get(key) || []), error.detail]);
  }

  let firstInvalid = null;
  for (const [attr, details] of messages) {
    showText(form.querySelector(`[data-error-for="${CSS.escape(attr)}"]`), details.join(" "));
    const control = attr ? form.elements.namedItem(attr) : null;
    if (control) {
      control.setAttribute("aria-invalid", "true");
      firstInvalid = firstInvalid || control;
    }
  }
  if (firstInvalid) {
    firstInvalid.focus();
  }
}

export function showFormSuccess(form, text) {
  showText(form.querySelector(".form-success"), text);
}
