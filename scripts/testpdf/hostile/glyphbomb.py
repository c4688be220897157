from mkpdf import *
import sys
N = int(sys.argv[1])
# 400 lines of 1000 glyphs each
lines = []
for i in range(400):
    lines.append(b'1 0 0 1 10 %d Tm (%s) Tj' % (800 - i*2, b'A'*1000))
content = stream(b'BT /F1 2 Tf ' + b'\n'.join(lines) + b' ET')
kids = b' '.join(b'%d 0 R' % (5+i) for i in range(N))
objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [%s] /Count %d >>' % (kids, N), content,
        b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']
for i in range(N):
    objs.append(b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>')
build(objs, 'glyph%d.pdf' % N)
