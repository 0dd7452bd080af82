"""``hybrid-router report``: what routing saved — spend by route, model, tenant and day."""

from __future__ import annotations

import argparse
import json
from typing import Any


def add_parser(sub: Any, name: str) -> None:
    from router.cli import add_config_argument

    p: argparse.ArgumentParser = sub.add_parser(name, help="spend, savings and routes from the ledger")
    add_config_argument(p)
    p.add_argument("--since", help="only requests since a duration ago (24h, 7d) or an ISO date")
    p.add_argument(
        "--source",
        choices=("auto", "sqlite", "redis"),
        default="auto",
        help="the local SQLite ledger, or the Redis aggregates of every replica (auto: Redis if configured)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--plot", metavar="OUT.png", help="write a chart of spend by day and route")
    p.set_defaults(run=run)


def load_summary(settings: Any, since: float | None, source: str) -> dict[str, Any]:
    from router.errors import ConfigurationError
    from router.report import summarize, summarize_rows

    url = settings.report_redis_url()
    if source == "redis" and not url:
        raise ConfigurationError("--source redis needs cache.url or ledger.redis_url")
    if source == "sqlite" or not url:
        return summarize(settings.ledger_path(), since)
    import redis

    from router.ledger_redis import redis_rows

    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        rows = redis_rows(client, settings.cache.prefix, since)
    except (redis.RedisError, OSError) as exc:
        if source == "redis":
            raise ConfigurationError(f"cannot read the Redis aggregates: {type(exc).__name__}") from exc
        return summarize(settings.ledger_path(), since)  # auto: fall back to this replica's ledger
    finally:
        client.close()
    summary = summarize_rows(rows)
    summary.update({"source": "redis", "ledger": url.split("@")[-1], "since": since})
    return summary


def run(args: argparse.Namespace) -> int:
    from router.config import load_settings
    from router.report import parse_since

    settings = load_settings(args.config)
    summary = load_summary(settings, parse_since(args.since), args.source)
    if args.plot:
        plot(summary, args.plot)
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print_table(summary)
    return 0


def print_table(s: dict[str, Any]) -> None:
    print(f"source: {s['source']} ({s['ledger']})")
    shares = s["shares"]
    print(
        f"requests: {s['requests']}   local {shares['local']:.1%} · remote {shares['remote']:.1%} · "
        f"blocked {shares['blocked']:.1%} · cached {shares['cached']:.1%}   "
        f"degraded {s['degraded']} · errors {s['errors']}"
    )
    print(f"spend {s['cost_usd']:.6f} USD · all-remote {s['all_remote_cost_usd']:.6f} USD · "
          f"saved {s['savings_usd']:.6f} USD ({s['savings_share']:.1%})")  # fmt: skip
    for title, key in (
        ("route", "routes"),
        ("model", "by_model"),
        ("tenant", "by_tenant"),
        ("day", "by_day"),
    ):
        rows = s[key]
        if not rows:
            continue
        width = max(len(title), *(len(k) for k in rows))
        print(
            f"\n{title:<{width}}  {'requests':>9}  {'spend USD':>12}  "
            f"{'all-remote USD':>14}  {'saved USD':>12}"
        )
        for name, row in rows.items():
            print(
                f"{name:<{width}}  {row['requests']:>9}  {row['cost_usd']:>12.6f}  "
                f"{row['all_remote_cost_usd']:>14.6f}  {row['savings_usd']:>12.6f}"
            )


def plot(s: dict[str, Any], out: str) -> None:
    """Spend by day (bars) against what all-remote would have cost (line)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    days = list(s["by_day"])
    fig, ax = plt.subplots(figsize=(max(6, len(days) * 0.6), 4))
    spend = [s["by_day"][d]["cost_usd"] for d in days]
    counter = [s["by_day"][d]["all_remote_cost_usd"] for d in days]
    ax.bar(days, spend, label="spend (routed)", color="#4c72b0")
    ax.plot(days, counter, "o-", label="all-remote would cost", color="#dd8452")
    ax.set_ylabel("USD")
    ax.set_title(
        f"hybrid-router: saved {s['savings_usd']:.4f} USD ({s['savings_share']:.0%}) "
        f"on {s['requests']} requests"
    )
    ax.legend()
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)
