/**
 * `import zerolab`: the channel helpers of the js image's `zerolab` object, for Python. Served
 * from the read-only tree next to the standard library (`/lib/python3.11/zerolab.py`).
 */
export const ZEROLAB_PY = `"""ZeroLab channel helpers: the channels are files under /dev; these are shortcuts."""
import atexit as _atexit
import os as _os
import sys as _sys

#: The instance name (map-1, reduce, ...): argv[0] of the run.
name = _sys.orig_argv[0] if _sys.orig_argv else ''
#: The environment ZeroCloud passed (LOCAL_PATH_INFO, ...).
env = _os.environ
_outs = {}


def path(channel):
    """'/dev/<channel>' for 'input', 'out/reduce', 'in/map-1', ...; a /dev path unchanged."""
    return channel if channel.startswith('/dev/') else '/dev/' + channel


def read(channel='stdin', encoding='utf-8'):
    """The whole channel as text (small inputs; see lines() for large ones)."""
    with open(path(channel), encoding=encoding) as f:
        return f.read()


def read_bytes(channel='stdin'):
    """The whole channel as bytes."""
    with open(path(channel), 'rb') as f:
        return f.read()


def lines(channel='stdin', encoding='utf-8'):
    """The channel's lines, streamed (memory stays flat however large it is)."""
    with open(path(channel), encoding=encoding) as f:
        yield from f


def write(channel, data):
    """Appends text or bytes to a writable channel; it stays open until the program ends."""
    f = _outs.get(channel)
    if f is None:
        f = _outs[channel] = open(path(channel), 'ab')
    f.write(data.encode('utf-8') if isinstance(data, str) else data)


def list(folder='in'):
    """Names in /dev/<folder>: the peers of 'in' or 'out', in name order."""
    return sorted(_os.listdir(path(folder)))


def _close():
    for f in _outs.values():
        f.close()


_atexit.register(_close)
`

/** The helpers of `zerolab.py`, for editors (completions, hovers); kept next to the module. */
export const PYTHON_HELPERS: { name: string; signature: string; doc: string; snippet: string }[] = [
  {
    name: 'read',
    signature: "read(channel='stdin', encoding='utf-8') -> str",
    doc: 'The whole channel as text (small inputs; see lines() for large ones).',
    snippet: "read('${1:stdin}')",
  },
  {
    name: 'read_bytes',
    signature: "read_bytes(channel='stdin') -> bytes",
    doc: 'The whole channel as bytes.',
    snippet: "read_bytes('${1:stdin}')",
  },
  {
    name: 'lines',
    signature: "lines(channel='stdin', encoding='utf-8') -> Iterator[str]",
    doc: "The channel's lines, streamed (memory stays flat however large it is).",
    snippet: "lines('${1:stdin}')",
  },
  {
    name: 'write',
    signature: 'write(channel: str, data: str | bytes) -> None',
    doc: 'Appends text or bytes to a writable channel (stdout, output, out/<peer>).',
    snippet: "write('${1:stdout}', ${2:text})",
  },
  {
    name: 'list',
    signature: "list(folder='in') -> list[str]",
    doc: "Names in /dev/<folder>: the peers of 'in' or 'out', in name order.",
    snippet: "list('${1:in}')",
  },
  {
    name: 'path',
    signature: 'path(channel: str) -> str',
    doc: "'/dev/<channel>' for 'input', 'out/reduce', 'in/map-1', …",
    snippet: "path('${1:input}')",
  },
  {
    name: 'name',
    signature: 'name: str',
    doc: 'The instance name (map-1, reduce, …).',
    snippet: 'name',
  },
  {
    name: 'env',
    signature: 'env: os._Environ',
    doc: 'The environment the job passed (LOCAL_PATH_INFO, …): os.environ.',
    snippet: 'env',
  },
]
