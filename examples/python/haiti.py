"""The Kenya-led security mission in Haiti (MSS), as one January 2025 news
article tells it: the briefing's headline figures, and a chart of who was
there, with the range the sources allow shaded.

    python3 examples/python/haiti.py                  # writes haiti.png
    python3 examples/python/haiti.py out.png [mss.csv]

A newsroom's copy: every number comes from muster (the library, through the
Python module), never from arithmetic done here, and a size nobody knows
stays unknown (<NA>) instead of becoming 0.
"""
import sys
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed: the chart goes to a file
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import muster  # noqa: E402

HERE = Path(__file__).resolve().parent
LOG = HERE.parent / "haiti_mss" / "mss.csv"


def figure(estimate, low, high) -> str:
    """A strength as a briefing says it: "617", "617 or more", "?", "780 to 799"."""
    if high is pd.NA:
        return "?" if estimate == 0 else f"{estimate:,} or more"
    if low == high:
        return f"{estimate:,}"
    return f"{low:,} to {high:,}"


def say(text: str) -> None:
    print(textwrap.fill(text, 78))


def pretty(day: pd.Timestamp) -> str:
    return f"{day.day} {day:%b %Y}"


def headline(log: muster.Log) -> None:
    """The briefing's "In short", as examples/haiti_mss prints it. Its
    figures count the contingents the article names (spec section 5,
    parts_only=True), as the C++ briefing's do."""
    day, after_plan = pd.Timestamp("2025-01-19"), pd.Timestamp("2025-01-27")
    kenya = dict(mission="MSS", country="KEN", parts_only=True)
    now = log.strength(day, by="total", **kenya).iloc[0]
    planned = log.strength(after_plan, by="total", include_planned=True, **kenya).iloc[0]
    by_country = log.strength(day, parts_only=True)
    unknown = by_country[(by_country["country"] != "KEN") & by_country["high"].isna()]
    pledge = log.pledges(day, **kenya).dropna(subset=["fulfilment"])
    pledged = (f" ({pledge['fulfilment'].iloc[0]:.1%} of the {pledge['pledged'].iloc[0]:,} Kenya pledged)"
               if len(pledge) else "")
    checked = log.check(parts_only=True)
    conflicts = checked[checked["verdict"] == "conflicts"]
    say(f"In short: {figure(now.estimate, now.low, now.high)} Kenyan police in Haiti on {pretty(day)}"
          f"{pledged}, beside contingents from {len(unknown)} other countries whose size the article does "
          f"not give. {planned.estimate - now.estimate:,} more Kenyans are due by {pretty(after_plan)}.")
    for c in conflicts.itertuples():
        say(f"The article's own \"{figure(c.estimate, c.low, c.high)}\" is {abs(c.difference):,} off its "
              f"arithmetic ({figure(c.against_estimate, c.against_low, c.against_high)}).")
    # By spec section 8 (the module's default) the whole mission's figure.
    whole = log.strength(day, by="total", mission="MSS").iloc[0]
    say(f"The whole mission (spec section 8) on {pretty(day)}: {figure(whole.estimate, whole.low, whole.high)}.")
    why = log.explain(day, all=True, **kenya)
    print(f"\nThe rows behind the {figure(**why.attrs['strength'])} Kenyan police on {pretty(day)}:")
    for r in why[why["role"].isin(["shapes", "overwritten"])].itertuples():
        after = "" if r.estimate is pd.NA else figure(r.estimate, r.low, r.high)
        print(f"  {r.date:<10}  {r.kind:<8} -> {after:<12} {r.id}")


def chart(log: muster.Log, out: Path) -> None:
    """Each country's strength, day by day, with the planned arrivals
    counted: a line for the estimate, a band from low to high, and a band
    to the top edge where the high is unbounded (size unknown)."""
    # By spec section 8 (the default): the article's "just under 800" for
    # the whole mission bounds the contingents whose size it does not give.
    s = log.series("2024-12-01", "2025-02-15", step="day", include_planned=True)
    s = s[~s["unattributed"]]
    fig, ax = plt.subplots(figsize=(9, 5), dpi=100)
    top = int(s["estimate"].max()) * 1.25 or 1
    for i, (country, g) in enumerate(s.groupby("country", sort=True)):
        colour = f"C{i}"
        high = g["high"].astype("float64").fillna(top)  # unbounded: to the top edge
        unknown = g["high"].isna().to_numpy()
        ax.fill_between(g["date"], g["low"].astype("float64"), high, step="post", alpha=0.12, color=colour,
                        linewidth=0, where=~unknown)
        ax.fill_between(g["date"], g["low"].astype("float64"), high, step="post", alpha=0.12, color=colour,
                        linewidth=0, where=unknown, hatch="//")
        ax.step(g["date"], g["estimate"].astype("float64"), where="post", color=colour, label=country)
    ax.set_ylim(0, top)
    ax.set_title("MSS in Haiti: personnel present, planned arrivals counted\n"
                 "(shaded: the range the article allows; hatched to the top edge: size not given)")
    ax.set_ylabel("personnel")
    ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.legend(loc="upper left", ncol=2)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("haiti.png")
    path = sys.argv[2] if len(sys.argv) > 2 else LOG
    try:
        log = muster.read_log(path)
    except muster.LogRefused as e:
        for file, line, message in e.diagnostics:
            print(f"{file}:{line}: {message}", file=sys.stderr)
        return 1
    print("THE KENYA-LED SECURITY MISSION IN HAITI (MSS), AS ONE ARTICLE TELLS IT")
    headline(log)
    chart(log, out)
    print(f"\nChart: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
