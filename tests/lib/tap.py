"""tap.py - a tiny TAP producer for black-box tests (read by prove).

Usage:
    from tap import T
    t = T()
    t.ok(cond, "name"); t.eq(got, want, "name")
    t.done()   # prints the plan, exits non-zero if anything failed
"""
import os
import subprocess
import sys
import tempfile


class T:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.n += 1
        if not cond:
            self.failed += 1
        print(("ok" if cond else "not ok") + " %d - %s" % (self.n, name))
        if not cond and diag:
            for line in str(diag).splitlines()[:40]:
                print("#   " + line)
        sys.stdout.flush()
        return cond

    def eq(self, got, want, name, diag=None):
        d = "got:  %r\nwant: %r" % (got, want)
        return self.ok(got == want, name, d + ("\n" + str(diag) if diag else ""))

    def diag(self, msg):
        for line in str(msg).splitlines():
            print("# " + line)

    def done(self):
        print("1..%d" % self.n)
        sys.exit(1 if self.failed else 0)


def zjtx_bin():
    b = os.environ.get("ZJTX")
    if b:
        return b
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "..", "..", "build", "zjtx")


class Zjtx:
    """Runs the real binary against one database in a temporary directory."""

    def __init__(self, db=None):
        self.tmp = tempfile.TemporaryDirectory(prefix="zjtx-test-")
        self.dir = self.tmp.name
        self.db = db or os.path.join(self.dir, "t.db")
        self.bin = zjtx_bin()

    def path(self, name):
        return os.path.join(self.dir, name)

    def run(self, *args, input=None, env=None):
        e = dict(os.environ)
        e.pop("ZJTX_DB", None)
        if env:
            e.update(env)
        p = subprocess.run([self.bin, "--db", self.db] + list(args), input=input,
                           capture_output=True, env=e, timeout=600)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")

    def write(self, name, data, encoding="utf-8"):
        p = self.path(name)
        with open(p, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode(encoding))
        return p


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [pow(3, i, 31) for i in range(17)]


def uscc_check_char(first17):
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_W))
    c = 31 - s % 31
    return USCC_CHARS[0 if c == 31 else c]


def make_uscc(n, region="500112"):
    """A valid code with a body derived from n (org check not computed)."""
    body = "91" + region + "%08d" % n + "0"
    return body + uscc_check_char(body)
