"""`make bench`: build generated plans at scales 1, 10 and 100 and compare planpress with what a user would otherwise use.

Every build is `mkdocs build --strict` in a fresh process, one process per build on both sides, of the
intranet edition (the one that shows everything). Ratios compare builds made in this same run, interleaved,
taking each side's fastest of `--repeat` runs; never compare absolute times across runs or machines.

- (a) planpress against plain MkDocs + Material building the same pages: each page's Markdown as it is
  after planpress's macros ran, with the same theme, nav and extensions but no macros, hooks, feeds or exports.
- (b) planpress with 400 newsletters against Material's blog plugin with mkdocs-rss-plugin on the same
  newsletters; both sites also hold the scale-1 plan's pages (static Markdown on the blog side).
- (c) planpress's build time at scale 100 over scale 10, against the ideal of 10.
- (d) the board papers' cost: printing plan.pdf and the latest meetings' highlight reports at scales 1 and 10,
  per page and as it grows. The builds of (a) to (c) write no PDFs (PLANPRESS_PDF=0): plain MkDocs and
  Material's blog print none, and (d) measures them on their own. Its table replaces its section of
  BENCHMARKS.md.

A run of every scale with (b), as `make bench` makes it, also replaces BENCHMARKS.md's latest run of (a)
to (c): its table, targets and notes. A run of some scales only prints them.

    python benchmarks/run.py [--scales 1 10 100] [--repeat 3] [--profile] [--pdf-scales 1 10] [--pdf-reports 4]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(BENCH))

from generate import NEWSLETTERS_PER_SCALE, generate  # noqa: E402

EDITION_CONFIG = "mkdocs-intranet.yml"
BLOG_NEWSLETTERS = 400
TARGET_OVERHEAD = 1.0
TARGET_OVERHEAD_SCALES = (10, 100)
"""(a) is a target where pages dominate; at scale 1 it measures the fixed cost of imports, so it is reported only."""
TARGET_BLOG = 1.0
TARGET_GROWTH = 11.0
TARGET_MEMORY_MB = 1024
TARGET_PDF_SECONDS = 3.0
"""At Norfolk's size, the PDFs may add at most this much to `make build`."""
TARGET_PDF_LINEARITY = 1.25
"""CPU per 1,000 characters printed at scale 10 over scale 1: linear growth keeps it near 1.

Per character rather than per page: a page of a long table holds far more than the cover, the contents
or a part's opening page, and the larger plan's pages are mostly table."""
BENCHMARKS_MD = ROOT / "BENCHMARKS.md"
PDF_SECTION = ("<!-- pdf-cost: written by benchmarks/run.py -->", "<!-- /pdf-cost -->")
LATEST_SECTION = ("<!-- latest-run: written by benchmarks/run.py -->", "<!-- /latest-run -->")
DEFAULT_SCALES = [1, 10, 100]


@dataclass
class Build:
    """One timed build."""

    name: str
    scale: int
    wall: float
    cpu: float
    peak_mb: float
    pages: int
    first_cpu: float = 0.0
    """CPU time of the side's first build in its comparison: planpress's compiles its templates."""

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.cpu / max(self.pages, 1)


TEMPLATE_CACHE = OUT / "template-cache"
"""planpress's compiled templates for this run only: emptied at each comparison, so its first build compiles them."""


def build_env() -> dict[str, str]:
    """The environment every build runs in: fixed build date, no drafts, no MkDocs 2 notice, this run's template cache."""
    env = dict(os.environ)
    env.pop("PLANPRESS_DRAFTS", None)
    # Pages against pages: (d) measures the PDFs on their own.
    env.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000", PLANPRESS_CACHE_DIR=str(TEMPLATE_CACHE), PLANPRESS_PDF="0")
    return env


def run_measured(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, float, str]:
    """Run a command; return its wall and CPU time (s), the peak memory of its process tree (MB) and its output."""
    log = cwd / ".bench-output.txt"
    with log.open("w") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env or build_env(), stdout=out, stderr=subprocess.STDOUT)
        # wait4 gives this child's own resource use (ru_maxrss covers the children it waited for).
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    output = log.read_text(errors="replace")
    log.unlink()
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed in {cwd}:\n{output}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def count_pages(site: Path) -> int:
    """HTML pages written."""
    return sum(1 for _ in site.rglob("*.html"))


def mkdocs_build(name: str, scale: int, config: Path, site: Path) -> Build:
    """One strict build of `config` into `site`, timed."""
    shutil.rmtree(site, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)]
    wall, cpu, peak, _ = run_measured(command, config.parent)
    return Build(name, scale, wall, cpu, peak, count_pages(site))


def read_config(path: Path) -> dict[str, Any]:
    """A MkDocs config file with its INHERIT chain merged, as MkDocs reads it."""
    from mkdocs.utils.yaml import yaml_load

    with path.open("rb") as f:
        return yaml_load(f)


def dump_plain(project: Path, dest: Path) -> Path:
    """Build `project` once with the dump hook, and write a plain MkDocs project of its pages into `dest`."""
    shutil.rmtree(dest, ignore_errors=True)
    config = read_config(project / EDITION_CONFIG)
    config.pop("INHERIT", None)
    config["hooks"] = [*(config.get("hooks") or []), str(BENCH / "dump_pages.py")]
    dump_config = project / "mkdocs-bench-dump.yml"
    dump_config.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    env = {**build_env(), "PLANPRESS_BENCH_DUMP": str(dest)}
    run_measured([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(dump_config), "-d", str(dest / ".dump-site")], project, env)
    shutil.rmtree(dest / ".dump-site")
    dump_config.unlink()

    plain = read_config(project / EDITION_CONFIG)
    plain.pop("INHERIT", None)
    for key in ("hooks", "watch", "docs_dir", "site_dir"):
        plain.pop(key, None)
    plain["plugins"] = {name: options for name, options in _plugins(plain).items() if name not in ("planpress", "macros")}
    theme = plain.get("theme") or {}
    if isinstance(theme, dict) and theme.get("custom_dir"):
        # Same theme: Material with planpress's small override (feed links, edition banner), which uses no macros.
        theme["custom_dir"] = str((project / theme["custom_dir"]).resolve())
    plain["nav"] = json.loads((dest / "nav.json").read_text())
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(plain, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest


def _plugins(config: dict[str, Any]) -> dict[str, Any]:
    """A config's plugins as a mapping of name to options, whichever way the file lists them."""
    plugins = config.get("plugins") or {}
    if isinstance(plugins, dict):
        return dict(plugins)
    return {entry if isinstance(entry, str) else next(iter(entry)): {} if isinstance(entry, str) else next(iter(entry.values())) for entry in plugins}


def blog_project(plain: Path, newsletters: Path, dest: Path) -> Path:
    """The plain pages of a plan without newsletters, plus the newsletters as a Material blog with RSS feeds."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(plain / "docs", dest / "docs")
    posts = dest / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (dest / "docs" / "blog" / "index.md").write_text("# Newsletters\n", encoding="utf-8")
    for path in sorted(newsletters.glob("*.md")):
        _, front, body = path.read_text("utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        post = {"title": meta["title"], "date": meta["date"], "description": meta["summary"]}
        text = f"---\n{yaml.safe_dump(post, sort_keys=False, allow_unicode=True)}---\n\n{meta['summary']}\n\n<!-- more -->\n{body}"
        (posts / path.name).write_text(text, encoding="utf-8")
    config = yaml.safe_load((plain / "mkdocs.yml").read_text("utf-8"))
    config["plugins"] = {
        **_plugins(config),
        "blog": {"blog_dir": "blog", "post_date_format": "long", "categories": False},
        "rss": {"match_path": "blog/posts/.*", "use_git": False, "date_from_meta": {"as_creation": "date"}},
    }
    config["nav"] = [*config.get("nav", []), {"Newsletters": "blog/index.md"}]
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest


LOAD_SCRIPT = """
import sys, time
from pathlib import Path
sys.path.insert(0, ".")
from macros.loading.validate import validate_all
start = time.process_time()
validate_all(Path(".").resolve())
print(time.process_time() - start)
"""


def load_time(project: Path) -> float:
    """CPU seconds planpress takes to load and validate the project's data and pages, imports excluded."""
    _, _, _, output = run_measured([sys.executable, "-c", LOAD_SCRIPT], project)
    return float(output.strip().splitlines()[-1])


PDF_SCRIPT = """
import json, sys, tempfile, time
from html.parser import HTMLParser
from pathlib import Path
sys.path.insert(0, ".")
start = time.process_time()
import weasyprint
from macros.outputs.pdf import plan_html, report_html, site_fetcher, write_pdf
from macros.views.plan_site import report_url
from macros.views.site import load_site
imported = time.process_time() - start
site = load_site(Path(".").resolve(), sys.argv[1])
out = Path(tempfile.mkdtemp(prefix="pdf-cost-"))
fetcher = site_fetcher(out)
class Text(HTMLParser):
    # The characters of text a document prints: its words and the single spaces between them, outside style and script.
    def __init__(self):
        super().__init__()
        self.chars, self.hidden = 0, 0
    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("style", "script", "title")
    def handle_endtag(self, tag):
        self.hidden -= tag in ("style", "script", "title")
    def handle_data(self, data):
        self.chars += 0 if self.hidden else len(" ".join(data.split()))
def characters(html):
    text = Text()
    text.feed(html)
    return text.chars
def timed(make, target):
    start = time.process_time()
    html = make()
    printed = write_pdf(html, out / target, fetcher)
    return time.process_time() - start, printed.pages, characters(html)
plan = timed(lambda: plan_html(site, "https://plan.example.org/"), "plan.pdf")
latest = site.meetings[-int(sys.argv[2]):] if int(sys.argv[2]) else []
reports = [timed(lambda: report_html(site, "https://plan.example.org/", m), report_url(m)) for m in latest]
print(json.dumps({"import": imported, "plan": plan, "reports": reports, "meetings": len(site.meetings), "actions": len(site.actions)}))
"""


@dataclass
class PdfCost:
    """The CPU time and pages of one edition's PDFs at one scale: plan.pdf, and a sample of the highlight reports."""

    scale: int
    actions: int
    meetings: int
    import_cpu: float
    plan_cpu: float
    plan_pages: int
    report_cpu: list[float]
    report_pages: list[int]
    characters: int
    """The characters of text the plan and the sampled reports print."""

    @property
    def per_report(self) -> float:
        return sum(self.report_cpu) / max(len(self.report_cpu), 1)

    @property
    def per_page(self) -> float:
        """CPU ms per printed page, plan and reports together."""
        pages = self.plan_pages + sum(self.report_pages)
        return 1000 * (self.plan_cpu + sum(self.report_cpu)) / max(pages, 1)

    @property
    def per_kchar(self) -> float:
        """CPU ms per 1,000 characters of text printed, plan and reports together."""
        return 1_000_000 * (self.plan_cpu + sum(self.report_cpu)) / max(self.characters, 1)

    @property
    def every_report(self) -> float:
        """The estimated CPU time of every meeting's report, from the sample."""
        return self.per_report * self.meetings


def pdf_cost(project: Path, scale: int, reports: int, repeat: int) -> PdfCost:
    """Print the intranet edition's plan.pdf and its `reports` latest highlight reports; the fastest of `repeat` runs."""
    best: PdfCost | None = None
    for _ in range(repeat):
        _, _, _, output = run_measured([sys.executable, "-c", PDF_SCRIPT, "intranet", str(reports)], project)
        found = json.loads(output.strip().splitlines()[-1])
        cost = PdfCost(
            scale,
            found["actions"],
            found["meetings"],
            found["import"],
            found["plan"][0],
            found["plan"][1],
            [cpu for cpu, _, _ in found["reports"]],
            [pages for _, pages, _ in found["reports"]],
            found["plan"][2] + sum(chars for _, _, chars in found["reports"]),
        )
        if best is None or cost.plan_cpu + sum(cost.report_cpu) < best.plan_cpu + sum(best.report_cpu):
            best = cost
    assert best is not None
    return best


@dataclass
class NorfolkBuilds:
    """`planpress build` of the project as it is, with and without its PDFs: the fastest of each, wall and CPU (both editions, all processes)."""

    wall_with: float
    wall_without: float
    cpu_with: float
    cpu_without: float

    @property
    def added(self) -> float:
        """What the PDFs add to the build on an idle machine of 2 cores or more: both editions print at once, each in its own process."""
        return (self.cpu_with - self.cpu_without) / 2


def norfolk_builds(repeat: int) -> NorfolkBuilds:
    """Build a copy of the project as it is (what `make build` runs) with and without its PDFs, alternating."""
    copy = OUT / "norfolk"
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir(parents=True)
    for name in ("mkdocs.yml", "mkdocs-intranet.yml"):
        shutil.copy2(ROOT / name, copy / name)
    for name in ("data", "docs", "newsletters"):
        shutil.copytree(ROOT / name, copy / name)
    (copy / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    best: dict[bool, tuple[float, float]] = {}
    for i in range(repeat):
        for pdfs in (True, False) if i % 2 == 0 else (False, True):
            env = build_env()
            if pdfs:
                del env["PLANPRESS_PDF"]
            shutil.rmtree(copy / "site", ignore_errors=True)
            wall, cpu, _, _ = run_measured([sys.executable, "-m", "macros.cli", "build"], copy, env)
            if pdfs not in best or cpu < best[pdfs][1]:
                best[pdfs] = (wall, cpu)
    return NorfolkBuilds(best[True][0], best[False][0], best[True][1], best[False][1])


def compare(name_a: str, a: Path, name_b: str, b: Path, scale: int, repeat: int, out: Path) -> tuple[Build, Build]:
    """Build both sides `repeat` times, alternating which goes first; keep each side's fastest build."""
    best: dict[str, Build] = {}
    sides = [(name_a, a), (name_b, b)]
    shutil.rmtree(TEMPLATE_CACHE, ignore_errors=True)
    for i in range(repeat):
        for name, config in sides if i % 2 == 0 else reversed(sides):
            build = mkdocs_build(name, scale, config, out / f"site-{name.split()[0].lower()}")
            peak = max(build.peak_mb, best[name].peak_mb) if name in best else build.peak_mb
            first = best[name].first_cpu if name in best else build.cpu
            if name not in best or build.cpu < best[name].cpu:
                best[name] = build
            best[name].peak_mb = peak
            best[name].first_cpu = first
    return best[name_a], best[name_b]


def profile(project: Path, dest: Path) -> Path:
    """Profile one planpress build with pyinstrument; write a call tree and a flat list beside `dest`."""
    session = dest.with_suffix(".pyisession")
    command = [
        sys.executable, "-m", "pyinstrument", "-r", "pyisession", "-o", str(session),
        "-m", "mkdocs", "build", "--strict", "-f", str(project / EDITION_CONFIG), "-d", str(project.parent / "site-profile"),
    ]
    run_measured(command, project)
    for options, path in ((["-p", "show_all=false"], dest), (["-p", "flat=true"], dest.with_suffix(".flat.txt"))):
        run_measured([sys.executable, "-m", "pyinstrument", "--load", str(session), "-r", "text", *options, "-o", str(path)], project)
    return dest


def machine() -> dict[str, str]:
    """What this ran on."""
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1048576:.1f} GiB"
    except OSError:
        pass
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "mkdocs-rss-plugin", "pydantic", "Markdown", "Jinja2"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        **versions,
    }


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table and targets."""
    parser = argparse.ArgumentParser(description="Benchmark planpress against plain MkDocs + Material and Material's blog.")
    parser.add_argument("--scales", type=int, nargs="*", default=DEFAULT_SCALES, help="scales for (a) to (c); none to measure only the PDFs")
    parser.add_argument("--repeat", type=int, default=3, help="builds per side at scales below 100 (scale 100 builds once)")
    parser.add_argument("--no-blog", action="store_true", help="skip comparison (b)")
    parser.add_argument("--profile", action="store_true", help="also profile planpress's build of the largest scale")
    parser.add_argument("--pdf-scales", type=int, nargs="*", default=[1, 10], help="scales at which to measure the PDFs (d); none to skip")
    parser.add_argument("--pdf-reports", type=int, default=4, help="highlight reports printed at each scale for (d): the latest meetings'")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)

    rows: list[Build] = []
    loads: dict[int, float] = {}
    pairs: dict[int, tuple[Build, Build]] = {}
    for scale in args.scales:
        folder = OUT / f"scale-{scale}"
        project = generate(folder / "project", scale)
        plain = dump_plain(project, folder / "plain")
        repeat = 1 if scale >= 100 else args.repeat
        print(f"bench: scale {scale}: building {repeat}x each side", file=sys.stderr, flush=True)
        pairs[scale] = compare("planpress", project / EDITION_CONFIG, "plain MkDocs", plain / "mkdocs.yml", scale, repeat, folder)
        rows.extend(pairs[scale])
        loads[scale] = min(load_time(project) for _ in range(repeat))

    blog: tuple[Build, Build] | None = None
    if not args.no_blog:
        print(f"bench: newsletters: planpress against Material's blog with {BLOG_NEWSLETTERS} newsletters", file=sys.stderr, flush=True)
        folder = OUT / "newsletters"
        with_news = generate(folder / "project", 1, newsletters=BLOG_NEWSLETTERS)
        without = generate(folder / "plan-only", 1, newsletters=0)
        site = blog_project(dump_plain(without, folder / "plain"), with_news / "newsletters", folder / "blog")
        blog = compare("planpress newsletters", with_news / EDITION_CONFIG, "Material blog+rss", site / "mkdocs.yml", 1, args.repeat, folder)
        rows.extend(blog)

    lines = table(rows, loads)
    checks, notes = targets(pairs, loads, blog)
    report = "\n".join([*lines, "", *checks, *notes])
    print(report)
    info = machine()
    pdf_lines: list[str] = []
    if args.pdf_scales:
        costs = []
        for scale in args.pdf_scales:
            print(f"bench: PDFs at scale {scale}", file=sys.stderr, flush=True)
            project = OUT / f"scale-{scale}" / "project"
            if not (project / EDITION_CONFIG).exists():
                project = generate(project, scale)
            # The same number of runs at every scale: the fastest of three against a single run would flatter the smaller.
            costs.append(pdf_cost(project, scale, args.pdf_reports, args.repeat))
        print("bench: PDFs at Norfolk's size: make build with and without them", file=sys.stderr, flush=True)
        norfolk = norfolk_builds(args.repeat)
        pdf_lines = pdf_section(costs, norfolk, info)
        print("\n" + "\n".join(pdf_lines))
        write_section(PDF_SECTION, pdf_lines, "The board papers (PDF)")
    print("\nmachine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    if sorted(args.scales) == DEFAULT_SCALES and blog is not None:
        # Only a whole run replaces the last one: a run of some scales would leave the targets half measured.
        write_section(LATEST_SECTION, latest_run_section(lines, checks, notes, info), "Latest run")
    else:
        print("bench: BENCHMARKS.md's latest run is left as it was: only a run of every scale and (b) replaces it", file=sys.stderr)
    (OUT / "results.md").write_text(report + "\n", encoding="utf-8")
    (OUT / "results.json").write_text(
        json.dumps({"builds": [asdict(r) for r in rows], "load_seconds": loads, "machine": info}, indent=2), encoding="utf-8"
    )
    if args.profile:
        scale = max(args.scales)
        report_path = profile(OUT / f"scale-{scale}" / "project", OUT / f"profile-scale-{scale}.txt")
        print(f"\nprofile of planpress at scale {scale}: {report_path} and {report_path.with_suffix('.flat.txt')}")
    return 0


def pdf_section(costs: list[PdfCost], norfolk: NorfolkBuilds, info: dict[str, str]) -> list[str]:
    """(d) as Markdown: each scale's PDF cost, its growth, and what the PDFs add to `make build` at Norfolk's size."""
    lines = [
        "| scale | actions | meetings | plan.pdf pages | plan.pdf CPU s | reports printed | pages each | CPU s each | all reports, estimated CPU s | CPU ms/page | CPU ms per 1,000 characters |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for c in costs:
        pages = f"{min(c.report_pages)}–{max(c.report_pages)}" if c.report_pages else ""
        lines.append(
            f"| {c.scale} | {c.actions} | {c.meetings} | {c.plan_pages} | {c.plan_cpu:.2f} | {len(c.report_cpu)} | {pages} | {c.per_report:.2f} |"
            f" {c.every_report:.1f} | {c.per_page:.0f} | {c.per_kchar:.0f} |"
        )
    lines += [
        "",
        "```",
        f"(d) Norfolk's size: make build adds {norfolk.added:.2f} s with the PDFs (target <= {TARGET_PDF_SECONDS:g} s) {verdict(norfolk.added <= TARGET_PDF_SECONDS)}"
        f"  [CPU {norfolk.cpu_with:.2f} s against {norfolk.cpu_without:.2f} s; wall {norfolk.wall_with:.2f} s against {norfolk.wall_without:.2f} s]",
    ]
    by_scale = {c.scale: c for c in costs}
    if 1 in by_scale and 10 in by_scale:
        small, large = by_scale[1], by_scale[10]
        ratio = large.per_kchar / small.per_kchar
        growth = (large.plan_cpu + sum(large.report_cpu)) / (small.plan_cpu + sum(small.report_cpu))
        pages = (large.plan_pages + sum(large.report_pages)) / (small.plan_pages + sum(small.report_pages))
        text = large.characters / small.characters
        lines.append(
            f"(d) scale 10 / scale 1: CPU {growth:.2f}x for {text:.2f}x the text ({pages:.2f}x the pages);"
            f" CPU per character {ratio:.2f}x, per page {large.per_page / small.per_page:.2f}x"
            f" (target <= {TARGET_PDF_LINEARITY:g} per character: linear) {verdict(ratio <= TARGET_PDF_LINEARITY)}"
        )
    if costs:
        lines.append(f"(d) importing WeasyPrint and planpress's PDF writer: {costs[0].import_cpu:.2f} s CPU in each edition's build")
    lines += [
        "```",
        "",
        "The table: the intranet edition's PDFs printed in one process, the fastest of the same number of runs at each scale; the reports are the latest meetings'; the characters are the text each document prints."
        " Norfolk's size: `planpress build` of a copy of the project, with and without `PLANPRESS_PDF=0`, alternating, the fastest"
        " of each by CPU time (every process of the build). Both editions print at once, each in its own build process, so on an"
        " idle machine of two cores the PDFs add half the extra CPU time to the wall time; the wall times are as measured, on a"
        f" machine that may be shared (load average {_load()} when the run finished). Machine: {info['cpus']} CPUs ({info['cpu']}),"
        f" Python {info['python']}, WeasyPrint {_version('weasyprint')}.",
    ]
    return lines


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


def write_section(markers: tuple[str, str], lines: list[str], heading: str) -> None:
    """Put results into BENCHMARKS.md between their markers, adding a section `heading` at the end the first time."""
    start, end = markers
    block = "\n".join([start, *lines, end])
    text = BENCHMARKS_MD.read_text("utf-8")
    found = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if found.search(text):
        text = found.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + f"\n\n## {heading}\n\n" + block + "\n"
    BENCHMARKS_MD.write_text(text, encoding="utf-8")


def latest_run_section(lines: list[str], checks: list[str], notes: list[str], info: dict[str, str]) -> list[str]:
    """(a) to (c)'s table and targets as BENCHMARKS.md shows them, with the machine and its load."""
    return [
        *lines,
        "",
        "```",
        *checks,
        *notes,
        "```",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()) + f"; load average {_load()} when the run finished.",
    ]


def table(rows: list[Build], loads: dict[int, float]) -> list[str]:
    """The results as a Markdown table."""
    lines = [
        "| scale | build (intranet edition) | wall s | CPU s | peak MB | pages | CPU ms/page | load+validate CPU s |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        load = f"{loads[r.scale]:.2f}" if r.name == "planpress" and r.scale in loads else ""
        lines.append(f"| {r.scale} | {r.name} | {r.wall:.2f} | {r.cpu:.2f} | {r.peak_mb:.0f} | {r.pages} | {r.ms_per_page:.1f} | {load} |")
    return lines


def targets(pairs: dict[int, tuple[Build, Build]], loads: dict[int, float], blog: tuple[Build, Build] | None) -> tuple[list[str], list[str]]:
    """Each target with its measured value and PASS or FAIL.

    Ratios use CPU time (user + system) of each build's process: a build is one single-threaded process,
    so on an idle machine its CPU time is its wall time, and on a shared one it leaves out the time spent
    waiting for other people's work. The wall-time ratio is printed beside it.
    """
    checks: list[str] = []
    notes: list[str] = []
    for scale, (ours, plain) in sorted(pairs.items()):
        ratio = ours.cpu / plain.cpu
        if scale in TARGET_OVERHEAD_SCALES:
            checks.append(
                f"(a) scale {scale}: planpress / plain MkDocs = {ratio:.2f} (target <= {TARGET_OVERHEAD}) {verdict(ratio <= TARGET_OVERHEAD)}"
                f"  [wall {ours.wall / plain.wall:.2f}]"
            )
        else:
            notes.append(f"note: at scale {scale} planpress / plain MkDocs = {ratio:.2f} (no target: mostly the fixed cost of imports)  [wall {ours.wall / plain.wall:.2f}]")
        if ours.first_cpu != ours.cpu:
            notes.append(
                f"note: at scale {scale} planpress's first build, compiling its templates (empty template cache), took {ours.first_cpu:.2f} s CPU:"
                f" {ours.first_cpu / plain.cpu:.2f} of plain MkDocs's best"
            )
        if ours.pages != plain.pages:
            notes.append(f"note: at scale {scale} planpress wrote {ours.pages} pages and plain MkDocs {plain.pages}")
    if blog is not None:
        ours, theirs = blog
        ratio = ours.cpu / theirs.cpu
        line = f"(b) {BLOG_NEWSLETTERS} newsletters: planpress / Material blog+rss = {ratio:.2f} (target < {TARGET_BLOG}) "
        if ours.pages < BLOG_NEWSLETTERS:
            checks.append(line + f"FAIL: planpress wrote only {ours.pages} pages, so it does not build the newsletters")
        else:
            checks.append(line + f"{verdict(ratio < TARGET_BLOG)}  [wall {ours.wall / theirs.wall:.2f}]")
    if 10 in pairs and 100 in pairs:
        growth = pairs[100][0].cpu / pairs[10][0].cpu
        plain_growth = pairs[100][1].cpu / pairs[10][1].cpu
        checks.append(
            f"(c) scale 100 / scale 10: planpress {growth:.2f}x (target <= {TARGET_GROWTH:g}) {verdict(growth <= TARGET_GROWTH)};"
            f" plain MkDocs {plain_growth:.2f}x  [wall {pairs[100][0].wall / pairs[10][0].wall:.2f}x]"
        )
    if 100 in pairs:
        peak = pairs[100][0].peak_mb
        checks.append(f"memory: scale 100 peak {peak:.0f} MB (target < {TARGET_MEMORY_MB}) {verdict(peak < TARGET_MEMORY_MB)}")
    for scale, seconds in sorted(loads.items()):
        share = seconds / pairs[scale][0].cpu
        notes.append(f"note: at scale {scale} data load + validation took {seconds:.2f} s CPU, {share:.1%} of the build (no target)")
    notes.append(f"scale s: {NEWSLETTERS_PER_SCALE}*s newsletters, 28*s actions in 4*s areas, 40 updates per action, 18*s measure values")
    notes.append("ratios and ms/page use CPU time (user + system) of each one-process build; fastest of the repeats")
    return checks, notes


if __name__ == "__main__":
    sys.exit(main())
