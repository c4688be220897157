from mkpdf import *
ents = b'\n'.join(b'<%04X> <%04X>' % (i, 0x4E00 + (i % 20000)) for i in range(100))
cm = b'/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange\n'
cm += b'100 beginbfrange\n' + b'\n'.join(b'<0000> <FFFF> <4E00>' for i in range(1000)) + b'\nendbfrange\n'
cm += b'endcmap end end'
content = stream(b'BT ' + b'/F1 1 Tf ' * 200 + b'(a) Tj ET')
build([b'<< /Type /Catalog /Pages 2 0 R >>',
       b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
       b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 4 0 R >> >> >> /Contents 5 0 R >>',
       stream(cm), content], 'cmapbomb.pdf')
