"""Load test: many readers (and a few uploaders) on one `streamlit run app.py`, spoken to as browsers speak to it.

    .venv/bin/python scripts/loadtest.py --sessions 20 [--uploads 2] [--build DIR]

It starts its own server on loopback (127.0.0.1, a free port) over a build (`--build`; by default a synthetic
build of 10,000 events made in a temporary folder), then:

1. warm-up: one session opens the page (the build is read into the server's shared cache: the cold start);
2. solo: half of `--solo` sessions, one after the other, alone on the server (the other half after step 4, when
   the server is quiet again; a shared machine's load drifts over minutes): the reference figures;
3. load: `--uploads` uploaders paste a 600,000-character text (real French articles of tests/data/dev repeated)
   and press "Build these articles", then wait for their build; a few seconds later `--sessions` readers arrive,
   evenly spread over `--ramp` seconds (default one second per reader: a newsroom opening a link shared in a chat,
   not a synchronised crowd; `--ramp 0` sends them all at once), and each, like a person, opens the page, waits
   for its first complete render, then after a pause of `--think` seconds on average (default 3; each pause
   drawn between half and one and a half of it, seeded) selects an event, brushes a range
   of a year on the overview timeline, and keeps one story with the "Stories" filter (each reader its own event
   and range, drawn at random: every brush is a view the server has not drawn yet); `--rounds` times (default 2:
   the second round selects and brushes within the story kept, then keeps the next story), so that a p95 rests
   on forty readings of each interaction, not twenty;
4. with every reader still connected, the server's resident memory: per-session memory is the growth over the
   warm server divided by the number of sessions; then it waits for the uploads to finish.

Each session is one websocket to /_stcore/stream, as the browser's: the page's HTML first (GET /), then
BackMsg `rerun_script` with the query string, the widget states and the hashes of the big elements it already
has (the browser's message cache: the server then sends a reference), and ForwardMsgs back until `script_finished`.
First render: from the GET to the end of the first script run that drew the map and both timelines, with no
exception. Interaction: from sending the changed widget state to the end of that rerun. The interactions are the
widget states the browser sends: the map's selection (`{"selection": {"objects": {"events": [...]}}}`: deck.gl
reports the picked object, here an event of the build; with 10,000 events the map draws clusters, so a click
could not pick one, but the state and the server's work are the same), the overview's brush (`window`, the
interval in ms) and the stories multiselect (its option strings).

The server's resident memory (VmRSS) is sampled from /proc every 0.25 s, and its children's (the build
processes) separately. It reports p50 / p95 / max of first render and each interaction, solo and under load,
peak RSS and errors, and exits 1 when a target is missed: under load, p95 first render and p95 of each
interaction at most 2 x solo's p95 (like with like; the ratio to solo's median is printed too), no errors, the
server under 1 GB. A global timeout (`--timeout`) ends everything; the server and its children are killed at the end whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

RSS_LIMIT = 1024**3  # the server's resident memory must stay under 1 GB
STEP_TIMEOUT = 120.0  # one render or interaction; an upload's build has UPLOAD_TIMEOUT
UPLOAD_TIMEOUT = 600.0
UPLOAD_CHARACTERS = 600_000
INTERACTIONS = ("select", "brush", "filter")
SOLO_THINK = 0.5  # a solo session is alone whatever its pace: no need to wait as long as a reader would


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def upload_text(characters: int = UPLOAD_CHARACTERS) -> str:
    """Real French articles, repeated up to `characters`: one pasted text that is a real build's work."""
    articles = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "tests" / "data" / "dev").glob("fr_*.txt"))]
    text, index = [], 0
    size = 0
    while size < characters:
        piece = articles[index % len(articles)].strip() + "\n\n"
        text.append(piece)
        size += len(piece)
        index += 1
    return "".join(text)[:characters]


# ---------------------------------------------------------------------------
# The protocol client


class SessionError(Exception):
    pass


@dataclass
class Widget:
    kind: str
    id: str
    label: str = ""
    options: list[str] = field(default_factory=list)
    fragment: str = ""  # the fragment it is drawn in: a change to it reruns that fragment only, as in the browser


class Session:
    """One browser tab: one websocket, the widget states it has set, what the last run drew."""

    def __init__(self, base: str, name: str):
        self.base = base
        self.name = name
        self.ws = None
        self.states: dict[str, object] = {}  # widget id -> WidgetState, as the browser keeps sending them
        self.query_string = ""
        self.page_hash = ""
        self.widgets: dict[str, Widget] = {}
        self.kinds: list[str] = []
        self.texts: list[str] = []
        self.cache: dict[str, object] = {}  # the browser's message cache: big elements it has, by hash

    async def open(self) -> float:
        """GET the page, connect, ask for the first run; seconds to the end of a complete first render."""
        import websockets

        started = time.perf_counter()
        cookies = await asyncio.to_thread(_get_cookies, self.base + "/")
        ws_url = self.base.replace("http://", "ws://") + "/_stcore/stream"
        # The page's cookies go with the websocket, as a browser's do (a proxy's sticky-session cookie among them).
        headers = {"Cookie": "; ".join(cookies)} if cookies else None
        self.ws = await websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60,
                                           ping_interval=None, compression=None, additional_headers=headers)
        await self._rerun()
        if "deck_gl_json_chart" not in self.kinds or self.kinds.count("vega_lite_chart") < 2:
            raise SessionError(f"{self.name}: first render without the map and both timelines ({sorted(set(self.kinds))})")
        return time.perf_counter() - started

    async def rerun(self, changes: dict[str, object], timeout: float = STEP_TIMEOUT) -> float:
        started = time.perf_counter()
        self.states.update(changes)
        # As the browser does: a widget drawn in a fragment reruns that fragment (when every changed widget is in it).
        fragments = {widget.fragment for widget_id, widget in self.widgets.items() if widget_id in changes}
        await self._rerun(timeout, fragment=fragments.pop() if len(fragments) == 1 else "")
        return time.perf_counter() - started

    def widget(self, suffix: str) -> Widget:
        for widget_id, widget in self.widgets.items():
            if widget_id.endswith(suffix):
                return widget
        raise SessionError(f"{self.name}: no widget keyed {suffix!r} in the page")

    async def _rerun(self, timeout: float = STEP_TIMEOUT, fragment: str = "") -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.WidgetStates_pb2 import WidgetStates

        message = BackMsg()
        message.rerun_script.query_string = self.query_string
        message.rerun_script.page_script_hash = self.page_hash
        message.rerun_script.widget_states.CopyFrom(WidgetStates(widgets=list(self.states.values())))
        message.rerun_script.cached_message_hashes.extend(self.cache)
        message.rerun_script.fragment_id = fragment
        self.kinds, self.texts = [], []
        await self.ws.send(message.SerializeToString())
        await asyncio.wait_for(self._until_finished(), timeout)
        # Triggers (a button press) hold for one run only, as in the browser.
        self.states = {k: v for k, v in self.states.items() if v.WhichOneof("value") != "trigger_value"}

    async def _until_finished(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        while True:
            data = await self.ws.recv()
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = msg.new_session.page_script_hash or msg.new_session.main_script_hash
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            if kind == "ref_hash":  # an element the browser said it had: drawn from its cache
                if msg.ref_hash not in self.cache:
                    raise SessionError(f"{self.name}: a reference to a message this client never had")
                msg = self.cache[msg.ref_hash]
                kind = msg.WhichOneof("type")
            elif msg.metadata.cacheable:
                self.cache[msg.hash] = msg
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element, msg.delta.fragment_id)
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue  # the app asked for a rerun (st.rerun): the run goes on
                if status not in {"FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"}:
                    raise SessionError(f"{self.name}: script finished with {status}")
                return

    def _element(self, element, fragment: str = "") -> None:
        kind = element.WhichOneof("type")
        self.kinds.append(kind)
        body = getattr(element, kind)
        if kind == "exception":
            raise SessionError(f"{self.name}: exception in the app: {body.type}: {body.message}")
        if kind in {"text", "markdown", "alert", "progress"}:
            self.texts.append(getattr(body, "body", "") or getattr(body, "text", ""))
        widget_id = getattr(body, "id", "") if body.DESCRIPTOR.fields_by_name.get("id") else ""
        if widget_id:
            options = list(body.options) if body.DESCRIPTOR.fields_by_name.get("options") else []
            self.widgets[widget_id] = Widget(kind, widget_id, getattr(body, "label", ""), options, fragment)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as answer:
        return answer.read()


def _get_cookies(url: str) -> list[str]:
    """GET the page; the cookies it sets (name=value)."""
    with urllib.request.urlopen(url, timeout=60) as answer:
        answer.read()
        return [header.split(";", 1)[0].strip() for header in answer.headers.get_all("Set-Cookie") or []]


def json_state(widget_id: str, value: dict):
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=widget_id, string_value=json.dumps(value))


def strings_state(widget_id: str, values: list[str]):
    from streamlit.proto.Common_pb2 import StringArray
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=widget_id, string_array_value=StringArray(data=values))


# ---------------------------------------------------------------------------
# What a reader and an uploader do


@dataclass
class Figures:
    first: list[float] = field(default_factory=list)
    steps: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name in INTERACTIONS})
    errors: list[str] = field(default_factory=list)
    done: int = 0  # readers through their steps (or failed)
    moments: list[tuple[float, str, float]] = field(default_factory=list)  # (when it ended, interaction, seconds)

    def step(self, name: str, seconds: float) -> None:
        self.steps[name].append(seconds)
        self.moments.append((time.perf_counter(), name, seconds))


class Plan:
    """What readers pick: events of the build and a one-year window for the brush, drawn at random (seeded)."""

    def __init__(self, build: Path, seed: int = 1):
        import pandas as pd

        events = pd.read_parquet(build / "events.parquet", columns=["event_id", "date_start", "place_name", "thread_title"])
        self.events = events
        self.random = random.Random(seed)

    def _pick(self, story: str | None):
        events = self.events if story is None else self.events[self.events["thread_title"].eq(story)]
        return events.iloc[self.random.randrange(len(events))]

    def event(self, story: str | None = None) -> dict:
        """An event of the build (of the story the reader keeps, once they keep one: the others are not shown)."""
        row = self._pick(story)
        return {"event_id": str(row["event_id"]), "place_name": str(row["place_name"])}

    def pause(self, think: float) -> float:
        """A reader's pause before a step: `think` seconds on average, between half and one and a half of it, as
        people's are. Equal pauses would keep readers in step: with arrivals a second apart and 3 s between
        steps, readers k and k + 3 would act at the same instant at every step, a crowd no newsroom makes."""
        return think * self.random.uniform(0.5, 1.5)

    def window(self, story: str | None = None) -> list[int]:
        import pandas as pd

        day = pd.Timestamp(self._pick(story)["date_start"])
        low = int(day.value // 1_000_000)
        return [low, low + 365 * 86_400_000]


async def reader(base: str, name: str, plan: Plan, figures: Figures, think: float, keep_open: asyncio.Event | None,
                 rounds: int = 1) -> Session:
    session = Session(base, name)
    try:
        figures.first.append(await session.open())
        story = None
        for round_ in range(rounds):
            await asyncio.sleep(plan.pause(think))
            picked = plan.event(story)
            figures.step("select", await session.rerun(
                {session.widget("-map").id: json_state(session.widget("-map").id,
                                                       {"selection": {"indices": {"events": [0]}, "objects": {"events": [picked]}}})}))
            _expect(session, "selected:", "the selection")
            await asyncio.sleep(plan.pause(think))
            overview = session.widget("-overview").id
            figures.step("brush", await session.rerun(
                {overview: json_state(overview, {"selection": {"window": {"mid": plan.window(story)}}})}))
            await asyncio.sleep(plan.pause(think))
            stories = session.widget("-f_threads")
            if not stories.options:
                raise SessionError(f"{name}: the Stories filter offers no story")
            story = stories.options[round_ % len(stories.options)]  # the largest story, then the next: a new view
            figures.step("filter", await session.rerun({stories.id: strings_state(stories.id, [story])}))
    except Exception as err:  # noqa: BLE001 - every failure is counted
        figures.errors.append(f"{name}: {type(err).__name__}: {err}")
    figures.done += 1
    if keep_open is not None:
        await keep_open.wait()  # connected until every reader is through: the memory of all sessions open
    return session


def _expect(session: Session, words: str, what: str) -> None:
    if not any(words in text for text in session.texts):
        raise SessionError(f"{session.name}: {what} did not show ({words!r} not in the page)")


@dataclass
class Upload:
    seconds: float = 0.0
    finished: float = 0.0  # perf_counter when its report showed
    report: str = ""
    queue: list[str] = field(default_factory=list)
    error: str = ""


async def uploader(base: str, name: str, text: str, started: asyncio.Event | None = None) -> Upload:
    """Open the page, paste the text, press the build button; wait for the build's report."""
    outcome = Upload()
    session = Session(base, name)
    try:
        await session.open()
        area = session.widget("-pasted").id
        button = session.widget("-build_uploads").id
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        begun = time.perf_counter()
        task = asyncio.create_task(session.rerun({area: WidgetState(id=area, string_value=text),
                                                  button: WidgetState(id=button, trigger_value=True)}, timeout=UPLOAD_TIMEOUT))
        if started is not None:
            started.set()
        await task
        outcome.finished = time.perf_counter()
        outcome.seconds = outcome.finished - begun
        outcome.queue = sorted({t for t in session.texts if "waiting:" in t})
        reports = [t for t in session.texts if " read, " in t and " events" in t]
        if not reports:
            raise SessionError(f"{name}: the build's report did not show ({session.texts[-5:]})")
        outcome.report = reports[-1][:200]
        if not outcome.report.split(" read")[0].strip().isdigit() or outcome.report.startswith("0 read"):
            raise SessionError(f"{name}: the upload was not built: {outcome.report}")
    except Exception as err:  # noqa: BLE001 - every failure is counted
        outcome.error = f"{name}: {type(err).__name__}: {err}"
    finally:
        await session.close()
    return outcome


# ---------------------------------------------------------------------------
# The server and its memory


def start_server(build: Path, port: int, log: Path, extra_env: dict[str, str]) -> subprocess.Popen:
    env = dict(os.environ, CHRONOMAP_BUILD=str(build), **extra_env)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited ({process.returncode}); see {log}")
        try:
            _get(f"http://127.0.0.1:{port}/_stcore/health")
            return process
        except OSError:
            time.sleep(0.25)
    raise SystemExit("the server did not answer within 120 s")


def stop_server(process: subprocess.Popen) -> None:
    """The server and everything it started (its process group: build processes, their workers)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            continue
        if sig == signal.SIGTERM:
            time.sleep(0.5)  # children may outlive the leader by a moment: the second pass kills them


PSS_EVERY = 8  # samples (of 0.25 s) between two readings of the proportional set sizes


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def pss(pid: int) -> int:
    """Proportional set size: resident memory with pages shared between processes (a fork server's models and the
    workers forked from it) divided among them, so that a sum over processes counts each page once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far, from /proc."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class Memory:
    """The server's resident memory and its children's (summed), sampled until stopped."""

    def __init__(self, pid: int):
        self.pid = pid
        self.server_peak = 0
        self.children_peak = 0
        self.total_peak = 0  # proportional: server and children together, each shared page once
        self.samples = 0

    def sample(self) -> tuple[int, int]:
        server = rss(self.pid)
        children = descendants(self.pid)
        resident = sum(rss(child) for child in children)
        self.server_peak = max(self.server_peak, server)
        self.children_peak = max(self.children_peak, resident)
        self.samples += 1
        if children and self.samples % PSS_EVERY == 1:
            # Reading smaps_rollup walks a process's whole memory map under its lock, which stalls that process's
            # own page faults: done every few seconds, not four times a second, lest the measure slow the server.
            self.total_peak = max(self.total_peak, pss(self.pid) + sum(pss(child) for child in children))
        elif not children:
            self.total_peak = max(self.total_peak, server)
        return server, resident

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await asyncio.to_thread(self.sample)  # reading /proc must not hold up the sessions' messages
            try:
                await asyncio.wait_for(stop.wait(), 0.25)
            except asyncio.TimeoutError:
                pass


class Unmeasured(Memory):
    """A deployment elsewhere (`--url`): its memory is not ours to read."""

    def __init__(self):
        super().__init__(0)

    def sample(self) -> tuple[int, int]:
        return 0, 0


# ---------------------------------------------------------------------------
# The run


def quantiles(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return float("nan"), float("nan"), float("nan")
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, int(round(0.95 * len(ordered) + 0.5)) - 1))]  # nearest rank
    return statistics.median(ordered), p95, ordered[-1]


def row(name: str, values: list[float]) -> str:
    p50, p95, top = quantiles(values)
    return f"  {name:<13} n={len(values):<3} p50 {p50 * 1000:7.0f} ms   p95 {p95 * 1000:7.0f} ms   max {top * 1000:7.0f} ms"


def mb(size: int) -> str:
    return f"{size / 1024**2:.0f} MB"


async def run(args, build: Path, base: str, server: subprocess.Popen | None) -> int:
    plan = Plan(build)
    memory = Memory(server.pid) if server else Unmeasured()
    stop = asyncio.Event()
    sampler = asyncio.create_task(memory.run(stop))
    try:
        warm = Figures()
        started = time.perf_counter()
        await (await reader(base, "warm-up", plan, warm, 0.0, None)).close()
        print(f"warm-up (cold start, the build read into the shared cache): first render {time.perf_counter() - started:.1f} s"
              + (f"; errors: {warm.errors}" if warm.errors else ""), flush=True)
        solo = Figures()
        before = (args.solo + 1) // 2
        for index in range(before):
            await (await reader(base, f"solo-{index}", plan, solo, SOLO_THINK, None, args.rounds)).close()
        await asyncio.sleep(1.0)
        base_rss, _ = memory.sample()

        load = Figures()
        uploads: list[asyncio.Task] = []
        if args.uploads:
            text = upload_text()
            begun = [asyncio.Event() for _ in range(args.uploads)]
            uploads = [asyncio.create_task(uploader(base, f"uploader-{i}", text, begun[i])) for i in range(args.uploads)]
            await asyncio.wait_for(asyncio.gather(*(event.wait() for event in begun)), STEP_TIMEOUT)
            await asyncio.sleep(args.upload_lead)  # the builds are under way when the readers come
        keep_open = asyncio.Event()
        load_started, cpu_started, own_started = time.perf_counter(), cpu_seconds(memory.pid), time.process_time()
        ramp = args.ramp if args.ramp is not None else 1.0 * args.sessions
        readers = []
        for index in range(args.sessions):
            readers.append(asyncio.create_task(reader(base, f"reader-{index}", plan, load, args.think, keep_open, args.rounds)))
            if index < args.sessions - 1:
                await asyncio.sleep(ramp / max(1, args.sessions - 1))
        while load.done < args.sessions:
            await asyncio.sleep(0.2)
        load_seconds, load_cpu = time.perf_counter() - load_started, cpu_seconds(memory.pid) - cpu_started
        own_cpu = time.process_time() - own_started
        await asyncio.sleep(1.0)
        open_rss, _ = memory.sample()
        keep_open.set()
        for session in await asyncio.gather(*readers):
            await session.close()
        finished_uploads = await asyncio.gather(*uploads)
        await asyncio.sleep(1.0)
        for index in range(before, args.solo):  # the rest of the reference after the load: a machine's drift is in both
            await (await reader(base, f"solo-{index}", plan, solo, SOLO_THINK, None, args.rounds)).close()
    finally:
        stop.set()
        await sampler

    per_session = max(0, open_rss - base_rss) / max(1, args.sessions)
    print(f"\nsolo ({args.solo} sessions one after the other on the warm server, {before} before the load and "
          f"{args.solo - before} after it):")
    print(row("first render", solo.first))
    for name in INTERACTIONS:
        print(row(name, solo.steps[name]))
    print(f"\nload: {args.sessions} readers arriving over {ramp:.0f} s, {args.think:.1f} s think time on average"
          + (f", with {args.uploads} uploads of {UPLOAD_CHARACTERS:,} characters" if args.uploads else "") + ":")
    print(row("first render", load.first))
    for name in INTERACTIONS:
        print(row(name, load.steps[name]))
    if server is not None:
        print(f"  server CPU while the readers read: {load_cpu:.1f} s in {load_seconds:.0f} s "
              f"({100 * load_cpu / max(load_seconds, 1e-9):.0f}% of one core; its Python runs on one core at a time); "
              f"this client's CPU {own_cpu:.1f} s; machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for index, upload in enumerate(finished_uploads):
        print(f"  upload {index}: " + (upload.error or f"{upload.seconds:.0f} s, {upload.report!r}"
                                       + (f", queue shown: {upload.queue}" if upload.queue else "")
                                       + f", done at {upload.finished - load_started:.1f} s"))
    # When the slowest interactions happened (seconds since the first reader came), beside the uploads' ends above:
    # which of them a build's end (its result read into the uploader's session) or its run explains.
    slowest = sorted(load.moments, key=lambda moment: -moment[2])[:8]
    print("  slowest under load: " + ", ".join(f"{name} {seconds * 1000:.0f} ms at {end - load_started:.1f} s"
                                                for end, name, seconds in slowest))
    if server is None:
        print("\nserver RSS: not measured (a deployment at --url)")
    else:
        print(f"\nserver RSS: warm {mb(base_rss)}, {args.sessions} sessions open {mb(open_rss)} "
              f"({per_session / 1024:.0f} kB per session), peak {mb(memory.server_peak)}; "
              f"children (build processes) peak {mb(memory.children_peak)} (their RSS summed, shared pages in each); "
              f"all together peak {mb(memory.total_peak)} (proportional set size: each page once)")
    errors = solo.errors + load.errors + [u.error for u in finished_uploads if u.error]
    print(f"errors: {len(errors)}")
    for error in errors[:20]:
        print(f"  {error}")

    # The target compares like with like: a p95 under load against the p95 of a reader alone (the issue's "p95
    # ... <= 2 x a single session's"). A solo p95 is itself ~1.5-2 x the solo median (a story view's selection also
    # redraws the detail timeline), so the ratio to the solo median is printed beside it, for the record.
    missed = []
    print("\nratios under load to solo (p95 / solo p95 is the target, <= 2; p95 / solo median for the record):")
    for name, alone, loaded in [("first render", solo.first, load.first)] + [
            (name, solo.steps[name], load.steps[name]) for name in INTERACTIONS]:
        median, alone_p95, _ = quantiles(alone)
        p95 = quantiles(loaded)[1]
        print(f"  {name:<13} p95 {p95 * 1000:5.0f} ms / solo p95 {alone_p95 * 1000:5.0f} ms = {p95 / alone_p95:4.2f}"
              f"   / solo median {median * 1000:5.0f} ms = {p95 / median:4.2f}")
        if not p95 <= 2 * alone_p95:
            missed.append(f"p95 {name} {p95 * 1000:.0f} ms > 2 x solo p95 {alone_p95 * 1000:.0f} ms")
    if errors:
        missed.append(f"{len(errors)} errors")
    if memory.server_peak >= RSS_LIMIT:
        missed.append(f"server peak RSS {mb(memory.server_peak)} >= 1 GB")
    print("\n" + ("targets met" if not missed else "targets missed: " + "; ".join(missed)))
    return 1 if missed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent readers (at most 200)")
    parser.add_argument("--uploads", type=int, default=0, help="uploaders building 600,000 characters meanwhile (at most 8)")
    parser.add_argument("--build", type=Path, help="the build to open (default: a synthetic build of --events events)")
    parser.add_argument("--events", type=int, default=10_000, help="events of the synthetic build")
    parser.add_argument("--solo", type=int, default=6, help="solo sessions for the reference figures")
    parser.add_argument("--ramp", type=float, help="seconds over which readers arrive (default: 1 per reader)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="times each reader selects, brushes and filters (more readings of each interaction)")
    parser.add_argument("--think", type=float, default=3.0, help="seconds a reader waits between steps, on average")
    parser.add_argument("--upload-lead", type=float, default=3.0, help="seconds between the uploads and the first reader")
    parser.add_argument("--timeout", type=float, default=900.0, help="the whole run's limit, in seconds")
    parser.add_argument("--url", help="a deployment already running on loopback (e.g. replicas behind a proxy) instead "
                                      "of a server of our own; --build must name the build it shows")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 200 or not 0 <= args.uploads <= 8 or not 1 <= args.solo <= 20:
        parser.error("--sessions 1..200, --uploads 0..8, --solo 1..20")

    if args.url and (not args.build or not args.url.startswith(("http://127.0.0.1", "http://localhost"))):
        parser.error("--url needs --build (the build it shows), and stays on loopback (http://127.0.0.1:PORT)")
    with tempfile.TemporaryDirectory(prefix="chronomap-loadtest-") as tmp:
        build = args.build
        if build is None:
            from synthetic_build import synthetic_build

            build = synthetic_build(Path(tmp) / f"synthetic{args.events}", args.events)
        build = build.resolve()
        if not (build / "events.parquet").exists():
            parser.error(f"{build}: not a build (no events.parquet)")
        if args.url:
            print(f"build {build}; the deployment at {args.url}", flush=True)
            try:
                return asyncio.run(asyncio.wait_for(run(args, build, args.url.rstrip("/"), None), args.timeout))
            except asyncio.TimeoutError:
                print(f"the run exceeded its {args.timeout:.0f} s limit")
                return 1
        port = free_port()
        log = Path(tmp) / "server.log"
        print(f"build {build}; server on 127.0.0.1:{port}", flush=True)
        server = start_server(build, port, log, {"CHRONOMAP_SHARED": "1"})
        try:
            return asyncio.run(asyncio.wait_for(run(args, build, f"http://127.0.0.1:{port}", server), args.timeout))
        except asyncio.TimeoutError:
            print(f"the run exceeded its {args.timeout:.0f} s limit")
            return 1
        finally:
            stop_server(server)
            if server.returncode not in (None, 0, -signal.SIGTERM, -signal.SIGKILL):
                print(f"server exited with {server.returncode}; its log:\n" + log.read_text(errors="replace")[-3000:])


if __name__ == "__main__":
    sys.exit(main())
