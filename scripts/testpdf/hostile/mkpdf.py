import zlib, sys
def build(objs, path):
    # objs: list of bytes (object bodies), 1-based numbering
    out = bytearray(b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')
    offs = []
    for i, body in enumerate(objs, 1):
        offs.append(len(out))
        out += b'%d 0 obj\n' % i + body + b'\nendobj\n'
    x = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs)+1)
    for o in offs: out += b'%010d 00000 n \n' % o
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs)+1, x)
    open(path, 'wb').write(out)
def stream(data, extra=b'', flate=True):
    if flate:
        data = zlib.compress(data, 9); extra += b' /Filter /FlateDecode'
    return b'<< /Length %d%s >>\nstream\n' % (len(data), extra) + data + b'\nendstream'
