// The order history page, and the order summary that the products page reuses.

import { NetworkError, errorsOf, request } from "./api.js";
import { $, formatDateTime, formatMoney, h, showText } from "./dom.js";

const PAGE_SIZE = 10;
let loadSequence = 0;

// A table of the order's lines and its total; `headingLevel` fits the page.
export function orderDetails(order, headingText, headingLevel = "h2") {
  const rows = order.items.map((item) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, item.name, h("span", { class: "sku" }, ` ${item.sku}`)),
      h("td", { class: "number" }, formatMoney(item.unit_price, order.currency)),
      h("td", { class: "number" }, String(item.quantity)),
      h("td", { class: "number" }, formatMoney(item.line_total, order.currency)),
    ),
  );

  return h(
    "article",
    { class: "order", "aria-label": headingText, "data-order-id": String(order.id) },
    h(headingLevel, {}, headingText),
    h(
      "p",
      { class: "order-meta" },
      "Placed ",
      h("time", { dateTime: order.created_at }, formatDateTime(order.created_at)),
      ` · ${order.status}`,
    ),
    h(
      "table",
      { class: "order-lines" },
      h("caption", { class: "visually-hidden" }, `Lines of order ${order.id}`),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "Product"),
          h("th", { scope: "col", class: "number" }, "Unit price"),
          h("th", { scope: "col", class: "number" }, "Qty"),
          h("th", { scope: "col", class: "number" }, "Line total"),
        ),
      ),
      h("tbody", {}, rows),
      h(
        "tfoot",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "row", colSpan: 3 }, "Total"),
          h("td", { class: "number order-total" }, formatMoney(order.total, order.currency)),
        ),
      ),
    ),
  );
}

function renderPager(page, count) {
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  const pager = $("orders-page").parentElement;
  pager.hidden = pages <= 1;
  $("orders-page").textContent = `Page ${page} of ${pages}`;
  $("orders-previous").disabled = page <= 1;
  $("orders-next").disabled = page >= pages;
}

export async function showOrders(params) {
  const page = Math.max(1, Number.parseInt(params.get("page") || "1", 10) || 1);
  const sequence = ++loadSequence;
  const list = $("order-list");
  list.setAttribute("aria-busy", "true");

  try {
    const result = await request(`/api/orders?page=${page}&page_size=${PAGE_SIZE}`);
    if (sequence !== loadSequence) {
      return;
    }
    if (result.status === 404 && page > 1) {
      window.location.hash = "#/orders";
      return;
    }
    if (!result.ok) {
      showText($("orders-summary"), errorsOf(result)[0].detail);
      return;
    }

    const { count, results } = result.data;
    showText($("orders-summary"), count === 0 ? "You have not placed any orders yet." : `${count} order${count === 1 ? "" : "s"}, newest first.`);
    list.replaceChildren(...results.map((order) => orderDetails(order, `Order #${order.id}`)));
    renderPager(page, count);
  } catch (error) {
    if (!(error instanceof NetworkError)) {
      throw error;
    }
    showText($("orders-summary"), error.message);
  } finally {
    list.removeAttribute("aria-busy");
  }
}

function goToPage(delta) {
  const params = new URLSearchParams(window.location.hash.split("?")[1] || "");
  const page = Math.max(1, (Number.parseInt(params.get("page") || "1", 10) || 1) + delta);
  window.location.hash = `#/orders?page=${page}`;
}

export function setUpOrders() {
  $("orders-previous").addEventListener("click", () => goToPage(-1));
  $("orders-next").addEventListener("click", () => goToPage(1));
}
