"""The visit receipt as a PDF (GET /attendance/receipt_print/{visit_id}), drawn with fpdf2."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from zoneinfo import ZoneInfo

from fpdf import FPDF

from parlour.kit.money import ZERO, cents, to_decimal, wire
from parlour.kit.timeutil import zone
from parlour.models import Client, Location, Record, Service, Visit


def _text(value: str) -> str:
    # The built-in PDF fonts cover Latin-1 only; anything else prints as "?" rather than
    # failing the whole receipt.
    return value.encode("latin-1", "replace").decode("latin-1")


def _money(value: Decimal, currency: str) -> str:
    return _text(f"{value:,.2f} {currency}".strip())


def build_receipt(
    location: Location,
    visit: Visit,
    records: Sequence[Record],
    services: dict[int, Service],
    client: Client | None,
) -> bytes:
    tz: ZoneInfo = zone(location.timezone_name)
    currency = location.currency_short_title or ""
    pdf = FPDF(format=(148, 210))  # A5 in millimetres
    pdf.set_title(f"Receipt for visit {visit.id}")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, _text(location.public_title or location.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    if location.address:
        pdf.cell(0, 5, _text(location.address), new_x="LMARGIN", new_y="NEXT")
    if location.phone:
        pdf.cell(0, 5, _text(location.phone), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 6, f"Receipt - visit #{visit.id}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    first = min((r.start_at for r in records), default=None)
    when = first.astimezone(tz).strftime("%Y-%m-%d %H:%M") if first else str(visit.visit_date)
    pdf.cell(0, 5, f"Date: {when}", new_x="LMARGIN", new_y="NEXT")
    if client is not None:
        name = " ".join(p for p in (client.name, client.surname) if p) or "-"
        pdf.cell(0, 5, _text(f"Client: {name} {client.phone or ''}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    widths = (58, 12, 22, 14, 22)
    pdf.set_font("Helvetica", "B", 9)
    for width, head in zip(widths, ("Service", "Qty", "Price", "Disc.", "Amount"), strict=True):
        pdf.cell(width, 6, head, border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    subtotal = total = ZERO
    for record in records:
        for item in record.services:
            service = services.get(item.service_id)
            title = service.title if service else f"Service {item.service_id}"
            line_first = item.first_cost * item.amount
            subtotal += line_first
            total += item.cost
            pdf.cell(widths[0], 6, _text(title[:40]))
            pdf.cell(widths[1], 6, str(item.amount))
            pdf.cell(widths[2], 6, _money(item.first_cost, currency))
            pdf.cell(widths[3], 6, f"{wire(item.discount)}%")
            pdf.cell(widths[4], 6, _money(item.cost, currency))
            pdf.ln()
    for goods in visit.goods_transactions or []:
        cost = to_decimal(goods.get("cost") or 0)
        amount = abs(to_decimal(goods.get("amount") or 0))
        unit = to_decimal(goods.get("cost_per_unit") or 0)
        subtotal += cents(unit * amount)
        total += cost
        pdf.cell(widths[0], 6, _text(str(goods.get("title") or "Product")[:40]))
        pdf.cell(widths[1], 6, f"{wire(amount)}")
        pdf.cell(widths[2], 6, _money(unit, currency))
        pdf.cell(widths[3], 6, f"{wire(to_decimal(goods.get('discount') or 0))}%")
        pdf.cell(widths[4], 6, _money(cost, currency))
        pdf.ln()
    pdf.ln(2)
    pdf.cell(0, 5, f"Subtotal: {_money(subtotal, currency)}", new_x="LMARGIN", new_y="NEXT")
    discount = subtotal - total
    pdf.cell(0, 5, f"Discounts: {_money(discount, currency)}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, f"Total: {_money(total, currency)}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
