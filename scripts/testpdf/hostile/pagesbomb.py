from mkpdf import *
import sys
N = int(sys.argv[1])
content = stream(b'q Q ' * 4_100_000)
kids = b' '.join(b'%d 0 R' % (4+i) for i in range(N))
objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [%s] /Count %d >>' % (kids, N), content]
for i in range(N):
    objs.append(b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>')
build(objs, 'pages%d.pdf' % N)
