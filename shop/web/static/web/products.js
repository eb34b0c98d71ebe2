// The products page: search, pages, a quantity per product, the basket and ordering.

import { NetworkError, errorsOf, request } from "./api.js";
import {
  MAX_QUANTITY,
  basketLines,
  clearBasket,
  errorsFor,
  estimatedTotal,
  hasInvalidQuantities,
  isInvalid,
  itemCount,
  onBasketChange,
  parseQuantity,
  quantityOf,
  removeLine,
  setErrors,
  setQuantity,
  updateProducts,
} from "./basket.js";
import { $, formatMoney, h, showText } from "./dom.js";
import { orderDetails } from "./orders.js";

const PAGE_SIZE = 12;
const INVALID_QUANTITY = `Enter a whole number from 0 to ${MAX_QUANTITY}.`;
// An order-line error's `attr`: `items.<index>` or `items.<index>.<field>`.
const ITEM_ATTR = /^items\.(\d+)(?:\.[a-z_]+)?$/;

let current = { page: 1, search: "" };
let loadSequence = 0;
// The Idempotency-Key of an order attempt that got no response, and its body,
// so that pressing Place order again cannot buy twice.
let pendingOrder = null;

function productsHash(search, page) {
  const params = new URLSearchParams();
  if (search) {
    params.set("search", search);
  }
  if (page > 1) {
    params.set("page", String(page));
  }
  const query = params.toString();
  return query ? `#/products?${query}` : "#/products";
}

function productErrorText(productId) {
  const messages = [...errorsFor(productId)];
  if (isInvalid(productId)) {
    messages.unshift(INVALID_QUANTITY);
  }
  return messages.join(" ");
}

function updateCardError(card) {
  const productId = Number(card.dataset.productId);
  const text = productErrorText(productId);
  showText(card.querySelector(".field-error"), text);
  const input = card.querySelector("input");
  if (text) {
    input.setAttribute("aria-invalid", "true");
  } else {
    input.removeAttribute("aria-invalid");
  }
}

function productCard(product) {
  const inputId = `quantity-${product.id}`;
  const errorId = `product-${product.id}-error`;
  const quantity = quantityOf(product.id);
  const input = h("input", {
    id: inputId,
    type: "number",
    inputMode: "numeric",
    min: "0",
    max: String(MAX_QUANTITY),
    step: "1",
    value: quantity ? String(quantity) : "",
    "aria-describedby": errorId,
  });
  input.addEventListener("input", () => {
    setQuantity(product, input.validity.badInput ? null : parseQuantity(input.value));
  });

  const card = h(
    "li",
    { class: "product", "data-product-id": String(product.id) },
    h("h2", { class: "product-name" }, product.name),
    h("p", { class: "sku" }, `SKU ${product.sku}`),
    product.description ? h("p", { class: "description" }, product.description) : null,
    h(
      "p",
      { class: "price-line" },
      h("span", { class: "price" }, formatMoney(product.price, product.currency)),
      h("span", { class: "stock" }, `${product.stock} in stock`),
    ),
    h(
      "div",
      { class: "quantity" },
      h("label", { htmlFor: inputId }, "Quantity", h("span", { class: "visually-hidden" }, ` of ${product.name}`)),
      input,
    ),
    h("p", { id: errorId, class: "field-error", hidden: true }),
  );
  updateCardError(card);
  return card;
}

function renderPager(count) {
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  const pager = $("products-page").parentElement;
  pager.hidden = pages <= 1;
  $("products-page").textContent = `Page ${current.page} of ${pages}`;
  $("products-previous").disabled = current.page <= 1;
  $("products-next").disabled = current.page >= pages;
}

function summaryText(count) {
  const noun = count === 1 ? "product" : "products";
  if (current.search) {
    return count === 0 ? `No products match “${current.search}”.` : `${count} ${noun} match “${current.search}”.`;
  }
  return count === 0 ? "No products are available right now." : `${count} ${noun} available.`;
}

// Load the current page of products; also called after an order attempt so
// that the stock shown is fresh.
async function loadProducts() {
  const sequence = ++loadSequence;
  const list = $("product-list");
  list.setAttribute("aria-busy", "true");
  const params = new URLSearchParams({ page: String(current.page), page_size: String(PAGE_SIZE) });
  if (current.search) {
    params.set("search", current.search);
  }

  try {
    const result = await request(`/api/products?${params}`);
    if (sequence !== loadSequence) {
      return;
    }
    if (result.status === 404 && current.page > 1) {
      window.location.hash = productsHash(current.search, 1);
      return;
    }
    if (!result.ok) {
      showText($("products-summary"), errorsOf(result).map((error) => error.detail).join(" "));
      list.replaceChildren();
      return;
    }

    const { count, results } = result.data;
    showText($("products-summary"), summaryText(count));
    list.replaceChildren(...results.map(productCard));
    renderPager(count);
    updateProducts(results);
  } catch (error) {
    if (!(error instanceof NetworkError)) {
      throw error;
    }
    showText($("products-summary"), error.message);
  } finally {
    list.removeAttribute("aria-busy");
  }
}

function basketLine({ product, quantity }) {
  const errorText = errorsFor(product.id).join(" ");
  const remove = h("button", { type: "button", class: "link-button", "aria-label": `Remove ${product.name} from the basket` }, "Remove");
  remove.addEventListener("click", () => {
    removeLine(product.id);
    const input = document.getElementById(`quantity-${product.id}`);
    if (input) {
      input.value = "";
    }
  });

  return h(
    "li",
    { class: "basket-line", "data-product-id": String(product.id) },
    h(
      "div",
      { class: "basket-line-main" },
      h("span", { class: "basket-line-name" }, product.name),
      h("span", { class: "basket-line-quantity" }, `× ${quantity}`),
      remove,
    ),
    errorText ? h("p", { class: "field-error" }, errorText) : null,
  );
}

function renderBasket() {
  const lines = basketLines();
  $("basket-empty").hidden = lines.length > 0;
  $("basket-lines").replaceChildren(...lines.map(basketLine));
  $("place-order").disabled = lines.length === 0;

  const total = estimatedTotal();
  showText($("basket-total"), total && lines.length > 0 ? `Estimated total: ${formatMoney(total.amount, total.currency)}` : "");

  const count = itemCount();
  $("basket-bar").hidden = count === 0;
  $("basket-bar-summary").textContent = `${count} item${count === 1 ? "" : "s"} in the basket`;

  for (const card of $("product-list").querySelectorAll(".product")) {
    updateCardError(card);
  }
}

// Split the errors of a rejected order into errors per product id and the
// errors that concern the whole order.
function splitOrderErrors(errors, submitted) {
  const byProduct = new Map();
  const general = [];
  for (const error of errors) {
    const match = ITEM_ATTR.exec(error.attr || "");
    const line = match ? submitted[Number(match[1])] : undefined;
    if (line) {
      byProduct.set(line.product.id, [...(byProduct.get(line.product.id) || []), error.detail]);
    } else {
      general.push(error.detail);
    }
  }
  return { byProduct, general };
}

function idempotencyKeyFor(body) {
  if (pendingOrder && pendingOrder.body === body) {
    return pendingOrder.key;
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const key = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  pendingOrder = { key, body };
  return key;
}

function showPlacedOrder(order) {
  const panel = $("order-result");
  panel.replaceChildren(orderDetails(order, `Order #${order.id} placed`));
  panel.hidden = false;
  panel.focus();
}

function handleRejectedOrder(result, submitted) {
  if (result.status === 409) {
    pendingOrder = null;
    showText($("basket-error"), "This order is already being placed. Check Your orders before trying again.");
    return;
  }
  const { byProduct, general } = splitOrderErrors(errorsOf(result), submitted);
  setErrors(byProduct);
  if (byProduct.size > 0) {
    general.unshift("Nothing was ordered. Fix the items marked in the basket and try again.");
  }
  showText($("basket-error"), general.join(" "));
}

async function placeOrder() {
  showText($("basket-error"), "");
  $("order-result").hidden = true;
  if (hasInvalidQuantities()) {
    showText($("basket-error"), `Fix the quantities marked as invalid first. ${INVALID_QUANTITY}`);
    return;
  }
  const submitted = basketLines();
  const items = submitted.map(({ product, quantity }) => ({ product_id: product.id, quantity }));
  const body = JSON.stringify(items);
  const button = $("place-order");
  button.disabled = true;

  try {
    const result = await request("/api/orders", {
      method: "POST",
      body: { items },
      headers: { "Idempotency-Key": idempotencyKeyFor(body) },
    });
    if (result.status !== 409) {
      pendingOrder = null;
    }
    if (result.status === 201) {
      clearBasket();
      showPlacedOrder(result.data);
    } else {
      handleRejectedOrder(result, submitted);
    }
    await loadProducts();
  } catch (error) {
    if (!(error instanceof NetworkError)) {
      throw error;
    }
    showText($("basket-error"), `${error.message} Pressing Place order again will not order twice.`);
  } finally {
    button.disabled = basketLines().length === 0;
  }
}

export function setUpProducts() {
  onBasketChange(renderBasket);
  renderBasket();

  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    window.location.hash = productsHash($("search-input").value.trim(), 1);
  });
  $("products-previous").addEventListener("click", () => {
    window.location.hash = productsHash(current.search, current.page - 1);
  });
  $("products-next").addEventListener("click", () => {
    window.location.hash = productsHash(current.search, current.page + 1);
  });
  $("place-order").addEventListener("click", () => {
    placeOrder().catch(reportUnexpected);
  });
  $("basket-bar-show").addEventListener("click", () => {
    $("basket").scrollIntoView();
    $("basket").focus();
  });
}

function reportUnexpected(error) {
  if (error.name !== "SessionEnded") {
    showText($("basket-error"), "Something went wrong. Reload the page and try again.");
    console.error(error);
  }
}

export async function showProducts(params) {
  current = {
    page: Math.max(1, Number.parseInt(params.get("page") || "1", 10) || 1),
    search: (params.get("search") || "").trim(),
  };
  $("search-input").value = current.search;
  $("order-result").hidden = true;
  showText($("basket-error"), "");
  await loadProducts();
}
