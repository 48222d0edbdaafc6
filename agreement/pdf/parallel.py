"""One PDF from several HTML parts laid out at once, each in its own process: both cores for a big report.

WeasyPrint is pure Python under the GIL, and its laid-out document cannot leave the process that
made it (boxes hold Pango objects). So each part (a run of whole sections, each starting on a new
page) is laid out and written to PDF in a forked process, and the parts are then joined here:

1. Every child lays its part out. Once its pages are known, and before the page-margin boxes are
   made, it tells the parent how many pages it has and waits for its first page's number and the
   document's total; the margin boxes are then made with those numbers, so «صفحه ۳ از ۴۰» and
   "Page 3 of 40" come out as a single build would print them, in the same fonts and places.
2. Each child writes its part as tagged PDF/A (the first part carries the attached files).
3. The parent joins the pages, the structure trees (one /Document element, the parent tree
   renumbered), the bookmarks (pointing at the joined pages) and the first part's catalogue entries
   (language, XMP metadata declaring PDF/A-3a, output intent, attached files).

The hook in step 1 relies on two names inside `weasyprint.layout` (`make_all_pages`,
`make_margin_boxes`) of WeasyPrint 70; tests/reports/test_parallel_report.py checks the numbers of
every page, so an upgrade that moves them fails there, not in production.
"""

import ctypes
import io
import logging
import multiprocessing
import os
import resource
import signal
import time
import traceback
from collections.abc import Sequence
from multiprocessing.connection import wait

from agreement.pdf import PDF_VARIANT, layout, write

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# A part's child that neither answers nor dies within this time is stopped and the build fails.
PART_TIMEOUT_SECONDS = 30 * 60
logger = logging.getLogger(__name__)
# pikepdf announces its C++ log bridge at INFO when it is first used: nothing a server log needs.
logging.getLogger("pikepdf").setLevel(logging.WARNING)


class PartFailed(RuntimeError):
    """A part's process failed or died; the message carries its traceback or exit code."""


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def parts_to_pdf(parts: Sequence[str], attachments=(), variant: str = PDF_VARIANT) -> bytes:
    """Lay out and write each HTML part in its own process at once; one PDF with continuous page numbers.

    Every part is a whole HTML document with the same head (styles, page rules); the attachments
    go into the first part. All parts run at the same time (each waits for the others' page counts
    before numbering its pages), so their number is the caller's choice of processes.
    """
    # Fork: the child starts with Django and WeasyPrint already imported (spawn would pay ~1 s of
    # imports per part) and gets its HTML without pickling. The child never touches the database.
    import weasyprint  # noqa: F401  (imported once here rather than in every child)

    context = multiprocessing.get_context("fork")
    children = []
    try:
        for index, html in enumerate(parts):
            ours, theirs = context.Pipe()
            process = context.Process(
                target=_child,
                args=(html, attachments if index == 0 else (), variant, theirs, os.getpid()),
                name=f"pdf-part-{index + 1}",
                daemon=True,
            )
            process.start()
            theirs.close()
            children.append((ours, process))
        counts = [_receive(ours, process, "pages") for ours, process in children]
        total, offset = sum(counts), 0
        for (ours, _process), count in zip(children, counts, strict=True):
            ours.send((offset, total))
            offset += count
        written = [_receive(ours, process, "pdf") for ours, process in children]
    finally:
        for ours, process in children:
            ours.close()
            if process.is_alive():
                process.kill()
            process.join()
    started = time.process_time()
    pdf = merge([part for part, _cpu in written])
    stats = {"pages": counts, "part_cpu": [cpu for _part, cpu in written], "merge_cpu": time.process_time() - started}
    logger.debug("PDF of %s parts: %s", len(parts), stats, extra={"stats": stats})
    return pdf


def _die_with_parent(parent_pid: int) -> None:
    """A part's process ends when its parent does, however the parent ends (even SIGKILL, which
    runs no clean-up): the kernel sends it SIGKILL (Linux's parent-death signal). The handlers the
    fork copied from the worker (SIGTERM: "finish the job, then exit") are put back to the default,
    so stopping the part stops it."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent's finally and the part timeout remain
        return
    if os.getppid() != parent_pid:
        # The parent died between the fork and the prctl: no signal will come.
        os._exit(1)


def _receive(connection, process, kind: str):
    """The child's next message, which must be `kind`; its traceback if it failed, or PartFailed if it died."""
    ready = wait([connection, process.sentinel], timeout=PART_TIMEOUT_SECONDS)
    if connection in ready or connection.poll():
        try:
            got, value = connection.recv()
        except EOFError:
            got, value = "died", None
        if got == kind:
            return value
        if got == "error":
            raise PartFailed(f"{process.name} failed:\n{value}")
    if not ready:
        raise PartFailed(f"{process.name} gave no {kind} within {PART_TIMEOUT_SECONDS} s")
    process.join(1)
    raise PartFailed(f"{process.name} died (exit code {process.exitcode}) before sending its {kind}")


def _child(html: str, attachments, variant: str, connection, parent_pid: int) -> None:
    """Runs in the forked process: lay out, report the page count, number the pages as told, write."""
    _die_with_parent(parent_pid)
    try:
        _number_pages_as_the_parent_says(connection)
        pdf = write(layout(html, variant), attachments, variant)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        connection.send(("pdf", (pdf, usage.ru_utime + usage.ru_stime)))
    except BaseException:
        connection.send(("error", traceback.format_exc()))
    finally:
        connection.close()


def _number_pages_as_the_parent_says(connection) -> None:
    """Wrap WeasyPrint's pagination and margin boxes in this (forked, single-use) process."""
    from weasyprint import layout as weasy_layout

    paginate, make_margin_boxes = weasy_layout.make_all_pages, weasy_layout.make_margin_boxes
    pages: list[int] = []  # the part's page count, from the last pagination pass
    numbering: list[tuple[int, int]] = []  # (offset, total), from the parent

    def make_all_pages(*args, **kwargs):
        # Called once per pagination pass; the last pass's count is the part's.
        made = list(paginate(*args, **kwargs))
        pages[:] = [len(made)]
        return made

    def numbered_margin_boxes(context, page, state):
        if not numbering:  # the first margin boxes: pagination is over
            connection.send(("pages", pages[0]))
            numbering.append(connection.recv())
        offset, total = numbering[0]
        counters = dict(state[1])
        counters["page"] = [context.current_page + offset]
        counters["pages"] = [total]
        return make_margin_boxes(context, page, (state[0], counters, *state[2:]))

    weasy_layout.make_all_pages = make_all_pages
    weasy_layout.make_margin_boxes = numbered_margin_boxes


def merge(pdfs: list[bytes]) -> bytes:
    """Join tagged PDF/A parts written by WeasyPrint into one document (see the module's docstring).

    qpdf (pikepdf) copies each part's objects once, whatever points at them, so the structure
    elements copied after their pages point at the joined pages; objects that nothing reaches any
    more (each part's own tree root) are left out of the file.
    """
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    parts = [pikepdf.open(io.BytesIO(pdf)) for pdf in pdfs]
    joined = pikepdf.new()
    document = joined.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
    tree_root = joined.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array([document])))
    document.P = tree_root
    nums, offset = [], 0
    next_annotation_key = sum(len(part.pages) for part in parts)
    with joined.open_outline() as outline:
        for part in parts:
            first_page = len(joined.pages)
            joined.pages.extend(part.pages)
            for index, page in enumerate(joined.pages[first_page:]):
                page.obj.StructParents = offset + index
            part_tree = part.Root.StructTreeRoot
            for element in _children(part_tree.K):
                for kid in _children(element.K):
                    copied = joined.copy_foreign(kid)
                    copied.P = document
                    document.K.append(copied)
            renumbered: dict[int, int] = {}
            part_nums = part_tree.ParentTree.Nums
            for key_object, value in zip(part_nums[::2], part_nums[1::2], strict=True):
                key = int(key_object)
                if key < len(part.pages):
                    new_key = offset + key
                else:  # a link annotation's entry: numbered after every page's
                    new_key, next_annotation_key = next_annotation_key, next_annotation_key + 1
                    renumbered[key] = new_key
                nums.append((new_key, _copy(joined, value)))
            for page in joined.pages[first_page:]:
                for annotation in page.obj.get("/Annots", ()):
                    if int(annotation.get("/StructParent", -1)) in renumbered:
                        annotation.StructParent = renumbered[int(annotation.StructParent)]
            with part.open_outline() as part_outline:
                outline.root.extend(_copied_outline(part, part_outline.root, first_page))
            offset += len(part.pages)
    tree_root.ParentTree = joined.make_indirect(
        Dictionary(Nums=Array([item for key, value in sorted(nums, key=lambda pair: pair[0]) for item in (key, value)]))
    )
    tree_root.ParentTreeNextKey = next_annotation_key
    joined.Root.StructTreeRoot = tree_root

    first = parts[0]
    for name in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata", "/OutputIntents", "/AF", "/Names"):
        if name in first.Root:
            joined.Root[name] = _copy(joined, first.Root[name])
    # The document information must match the XMP metadata (PDF/A): both are the first part's.
    joined.trailer.Info = joined.copy_foreign(first.trailer.Info)
    output = io.BytesIO()
    joined.save(
        output,
        min_version="1.7",
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        fix_metadata_version=False,  # the XMP packet stays exactly the one WeasyPrint wrote
    )
    return output.getvalue()


def _copy(joined, value):
    """A part's object in the joined document: an indirect one copied once (qpdf keeps the map),
    a direct dictionary or array rebuilt around the copies of what it points at."""
    import pikepdf

    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return joined.copy_foreign(value)
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(joined, item) for key, item in value.items()})
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copy(joined, item) for item in value])
    return value


def _children(value) -> list:
    """A /K entry as a list (a single kid may be stored without an array)."""
    import pikepdf

    return list(value) if isinstance(value, pikepdf.Array) else [value]


def _copied_outline(part, items, first_page: int) -> list:
    """The part's bookmarks, nested as they were, pointing at the same pages in the joined document."""
    from pikepdf import OutlineItem

    copied = []
    for item in items:
        destination = item.destination
        page = part.pages.index(part.pages.from_objgen(destination[0].objgen)) if destination else 0
        location = {}
        if destination and destination[1] == "/XYZ":
            location = {"page_location": "XYZ", "left": destination[2], "top": destination[3], "zoom": destination[4]}
        new = OutlineItem(item.title, first_page + page, **location)
        new.is_closed = item.is_closed
        new.children.extend(_copied_outline(part, item.children, first_page))
        copied.append(new)
    return copied
