"""Summarize wrk rounds and write docs/benchmarks.md and bench/results/latest.json."""

import json
import os
import platform
import statistics
import subprocess
from pathlib import Path

BASELINE = "bare Django view"


def summarize(rounds: dict[str, list[dict]]) -> list[dict]:
    """Per target: median and range of req/s, median p50/p99, ratio to the bare Django view."""
    rows = []
    for name, results in rounds.items():
        rates = [result["rps"] for result in results]
        rows.append(
            {
                "target": name,
                "rps_median": statistics.median(rates),
                "rps_min": min(rates),
                "rps_max": max(rates),
                "p50_ms": statistics.median(result["p50_us"] for result in results) / 1000,
                "p99_ms": statistics.median(result["p99_us"] for result in results) / 1000,
                "errors": sum(_error_count(result) for result in results),
                "rounds": results,
            }
        )
    baseline = next((row["rps_median"] for row in rows if row["target"] == BASELINE), None)
    for row in rows:
        row["ratio_to_bare_django"] = row["rps_median"] / baseline if baseline else None
    return rows


def machine() -> dict:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": round(_memory_kib() / 1024 / 1024, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "postgresql": _first_line(["psql", "--version"]),
        "wrk": _first_line(["wrk", "-v"]),
        "load_average_at_start": os.getloadavg(),
    }


def write_json(path: Path, document: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n")


def write_markdown(path: Path, document: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(document))


def render_markdown(document: dict) -> str:
    settings = document["settings"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/run.sh); rerun it to replace this page.",
        "Absolute numbers depend on the machine and on whatever else it runs, so",
        "compare only numbers from one run, above all the ratio to the bare Django view.",
        "",
        f"- Command: `{document['command']}`",
        f"- Date (UTC): {document['date']}",
        f"- Machine: {_describe_machine(document['machine'])}",
        "- Method: each server runs gunicorn with the settings of `make serve` "
        "(config/gunicorn.py) but 2 sync workers on 127.0.0.1 and no worker "
        f"recycling (max_requests); wrk uses "
        f"1 thread and {settings['connections']} connections for {settings['duration']} s "
        f"per measurement, {settings['rounds']} rounds, the order of targets rotated "
        "each round. req/s is the median of the rounds with the range (min to max); "
        "p50 and p99 are the medians of the rounds' percentiles.",
        "",
    ]
    for size in document["sizes"]:
        lines += _size_section(size)
    if len(document["sizes"]) > 1:
        lines += _scaling_section(document["sizes"])
    lines += _targets_section(document)
    return "\n".join(lines) + "\n"


def _size_section(size: dict) -> list[str]:
    lines = [
        f"## {size['products']:,} products ({size['available']:,} available)",
        "",
        "| target | req/s median | req/s range | p50 ms | p99 ms | ratio to bare Django | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in size["summary"]:
        ratio = row["ratio_to_bare_django"]
        lines.append(
            f"| {row['target']} | {row['rps_median']:.0f} | "
            f"{row['rps_min']:.0f} to {row['rps_max']:.0f} | {row['p50_ms']:.2f} | "
            f"{row['p99_ms']:.2f} | {ratio:.2f} | {row['errors']} |"
        )
    hot = size["hot_product"]
    lines += [
        "",
        f"Hot product: {hot['clients']} clients ordered one unit at a time of a product "
        f"with {hot['units']} units: {hot['created']} orders accepted, "
        f"{hot['units_sold']} units sold, {hot['units_left']} left, "
        f"{hot['orders_per_second']:.0f} orders/s until sold out, "
        f"unexpected statuses {hot['unexpected'] or 'none'}: "
        f"**{'pass' if hot['passed'] else 'FAIL'}**.",
        "",
    ]
    return lines


def _scaling_section(sizes: list[dict]) -> list[str]:
    first = sizes[0]
    lines = [
        f"## Cost growth from {first['products']:,} products (p50 ratio, lower is better)",
        "",
        "| target | " + " | ".join(f"{size['products']:,}" for size in sizes[1:]) + " |",
        "|---|" + "---:|" * (len(sizes) - 1),
    ]
    base = {row["target"]: row["p50_ms"] for row in first["summary"]}
    for target in base:
        cells = []
        for size in sizes[1:]:
            row = next(row for row in size["summary"] if row["target"] == target)
            cells.append(f"{row['p50_ms'] / base[target]:.2f}" if base[target] else "n/a")
        lines.append(f"| {target} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _targets_section(document: dict) -> list[str]:
    lines = ["## Targets", ""]
    for target in document["targets"]:
        lines.append(
            f"- {target['name']}: `{target['method']} {target['path']}` ({target['note']})"
        )
    return [*lines, ""]


def _describe_machine(info: dict) -> str:
    load = ", ".join(f"{value:.2f}" for value in info["load_average_at_start"])
    return (
        f"{info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB, {info['os']}, "
        f"Python {info['python']}, {info['postgresql']}, {info['wrk']}; "
        f"load average at start {load}"
    )


def _error_count(result: dict) -> int:
    return result["status_errors"] + result["connect_errors"] + result["timeouts"]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_kib() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _first_line(command: list[str]) -> str:
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return "unknown"
    text = (output.stdout or output.stderr).strip()
    return text.splitlines()[0] if text else "unknown"
