// The basket: chosen quantities by product id, plus the errors the server
// reported for each product on the last order attempt.
//
// It is kept in sessionStorage so that it survives a reload and paging
// through the catalogue, and is cleared on sign-out.

import { centsToAmount, toCents } from "./dom.js";

const STORAGE_KEY = "shop.basket";
export const MAX_QUANTITY = 1000;

const lines = new Map();
const errors = new Map();
const invalid = new Set();
const changeListeners = [];

function save() {
  const stored = [...lines.values()].map(({ product, quantity }) => ({ product, quantity }));
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
}

function changed() {
  save();
  for (const listener of changeListeners) {
    listener();
  }
}

export function loadBasket() {
  lines.clear();
  let stored = [];
  try {
    stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "[]");
  } catch {
    stored = [];
  }
  for (const { product, quantity } of Array.isArray(stored) ? stored : []) {
    if (product && Number.isInteger(product.id) && Number.isInteger(quantity)) {
      lines.set(product.id, { product, quantity });
    }
  }
}

export function onBasketChange(listener) {
  changeListeners.push(listener);
}

// Parse what the user typed: a whole number from 0 to MAX_QUANTITY, or null.
export function parseQuantity(text) {
  const trimmed = text.trim();
  if (trimmed === "") {
    return 0;
  }
  if (!/^\d{1,4}$/.test(trimmed)) {
    return null;
  }
  const quantity = Number(trimmed);
  return quantity <= MAX_QUANTITY ? quantity : null;
}

// Set the quantity typed for `product`; 0 removes it. `quantity` null marks
// the input as invalid, which blocks ordering until it is fixed.
export function setQuantity(product, quantity) {
  errors.delete(product.id);
  if (quantity === null) {
    invalid.add(product.id);
    lines.delete(product.id);
  } else {
    invalid.delete(product.id);
    if (quantity === 0) {
      lines.delete(product.id);
    } else {
      lines.set(product.id, { product, quantity });
    }
  }
  changed();
}

export function removeLine(productId) {
  lines.delete(productId);
  errors.delete(productId);
  invalid.delete(productId);
  changed();
}

export function quantityOf(productId) {
  const line = lines.get(productId);
  return line ? line.quantity : 0;
}

export function basketLines() {
  return [...lines.values()];
}

export function hasInvalidQuantities() {
  return invalid.size > 0;
}

export function isInvalid(productId) {
  return invalid.has(productId);
}

export function errorsFor(productId) {
  return errors.get(productId) || [];
}

export function setErrors(errorsByProduct) {
  errors.clear();
  for (const [productId, details] of errorsByProduct) {
    errors.set(productId, details);
  }
  changed();
}

// Keep prices, stock and names of basket lines current with a fresh listing.
export function updateProducts(products) {
  let any = false;
  for (const product of products) {
    const line = lines.get(product.id);
    if (line) {
      line.product = product;
      any = true;
    }
  }
  if (any) {
    changed();
  }
}

// The estimated total, or null when lines are priced in different currencies.
export function estimatedTotal() {
  const all = basketLines();
  const currencies = new Set(all.map(({ product }) => product.currency));
  if (currencies.size !== 1) {
    return null;
  }
  const cents = all.reduce((sum, { product, quantity }) => sum + toCents(product.price) * quantity, 0);
  return { amount: centsToAmount(cents), currency: all[0].product.currency };
}

export function itemCount() {
  return basketLines().reduce((sum, { quantity }) => sum + quantity, 0);
}

export function clearBasket() {
  lines.clear();
  errors.clear();
  invalid.clear();
  changed();
}
