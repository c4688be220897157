package pdf

// Ruling lines reach a PDF as stroked paths ("x y m x2 y2 l S"), as
// rectangles ("x y w h re S"), or as thin filled rectangles (Chromium and
// LibreOffice draw cell borders so). Only horizontal and vertical pieces
// are kept; curves and diagonals are no table's rules.

// thinRule is the largest thickness, in points, of a filled rectangle that
// is taken for a line rather than a shaded box.
const thinRule = 2.5

func (in *interp) pathOp(op string, args []operand) {
	switch op {
	case "m":
		if v, ok := nums(args, 2); ok {
			in.moveTo(v[0], v[1])
		}
	case "l":
		if v, ok := nums(args, 2); ok {
			in.lineTo(v[0], v[1])
		}
	case "c":
		if v, ok := nums(args, 6); ok {
			in.lineTo(v[4], v[5])
			in.bend()
		}
	case "v", "y":
		if v, ok := nums(args, 4); ok {
			in.lineTo(v[2], v[3])
			in.bend()
		}
	case "h":
		in.closePath()
	case "re":
		if v, ok := nums(args, 4); ok {
			x, y, w, h := v[0], v[1], v[2], v[3]
			in.moveTo(x, y)
			in.lineTo(x+w, y)
			in.lineTo(x+w, y+h)
			in.lineTo(x, y+h)
			in.closePath()
		}
	case "S", "s", "B", "B*", "b", "b*":
		if op == "s" || op == "b" || op == "b*" {
			in.closePath()
		}
		in.stroke()
		in.paths = in.paths[:0]
	case "f", "F", "f*":
		in.fill()
		in.paths = in.paths[:0]
	case "n":
		in.paths = in.paths[:0]
	}
}

func (in *interp) devicePoint(x, y float64) point {
	m := in.gs.ctm.mul(in.device)
	px, py := m.apply(x, y)
	return point{px, py}
}

func (in *interp) points() int {
	n := 0
	for _, p := range in.paths {
		n += len(p)
	}
	return n
}

func (in *interp) moveTo(x, y float64) {
	if in.points() >= maxPathPoint {
		return
	}
	in.paths = append(in.paths, []point{in.devicePoint(x, y)})
}

func (in *interp) lineTo(x, y float64) {
	if len(in.paths) == 0 || in.points() >= maxPathPoint {
		return
	}
	last := len(in.paths) - 1
	in.paths[last] = append(in.paths[last], in.devicePoint(x, y))
}

// bend marks the end of a curve: the segment that led to it is no rule, so
// the subpath restarts at the curve's end point.
func (in *interp) bend() {
	if len(in.paths) == 0 {
		return
	}
	last := len(in.paths) - 1
	p := in.paths[last]
	in.paths[last] = p[:len(p)-1]
	in.paths = append(in.paths, []point{p[len(p)-1]})
}

func (in *interp) closePath() {
	if len(in.paths) == 0 {
		return
	}
	last := len(in.paths) - 1
	if p := in.paths[last]; len(p) > 1 {
		in.paths[last] = append(p, p[0])
	}
}

// stroke keeps each horizontal or vertical segment of the path.
func (in *interp) stroke() {
	m := in.gs.ctm.mul(in.device)
	width := in.gs.lineWidth * (abs(m[0]) + abs(m[3])) / 2
	for _, p := range in.paths {
		for i := 1; i < len(p); i++ {
			in.addRule(p[i-1], p[i], width)
		}
	}
}

// fill keeps filled rectangles thin enough to be lines, as their middle line.
func (in *interp) fill() {
	for _, p := range in.paths {
		x0, y0, x1, y1, ok := boxOf(p)
		if !ok {
			continue
		}
		w, h := x1-x0, y1-y0
		switch {
		case h <= thinRule && w > h:
			in.addRule(point{x0, (y0 + y1) / 2}, point{x1, (y0 + y1) / 2}, h)
		case w <= thinRule && h > w:
			in.addRule(point{(x0 + x1) / 2, y0}, point{(x0 + x1) / 2, y1}, w)
		}
	}
}

// boxOf returns the bounds of a closed subpath that is an axis-aligned
// rectangle (four corners, possibly repeated to close it).
func boxOf(p []point) (x0, y0, x1, y1 float64, ok bool) {
	if len(p) < 4 || len(p) > 5 {
		return 0, 0, 0, 0, false
	}
	x0, y0, x1, y1 = p[0].x, p[0].y, p[0].x, p[0].y
	for _, q := range p[1:] {
		x0, x1 = min(x0, q.x), max(x1, q.x)
		y0, y1 = min(y0, q.y), max(y1, q.y)
	}
	for i := 1; i < len(p); i++ {
		if abs(p[i].x-p[i-1].x) > 0.01 && abs(p[i].y-p[i-1].y) > 0.01 {
			return 0, 0, 0, 0, false // a diagonal side
		}
	}
	return x0, y0, x1, y1, true
}

func (in *interp) addRule(a, b point, width float64) {
	const tol = 0.5
	if len(in.page.Rules) >= maxRules {
		in.over = true
		return
	}
	switch {
	case abs(a.y-b.y) <= tol && abs(a.x-b.x) > tol:
		in.page.Rules = append(in.page.Rules, Rule{X0: min(a.x, b.x), X1: max(a.x, b.x), Y0: (a.y + b.y) / 2, Y1: (a.y + b.y) / 2, Width: width})
	case abs(a.x-b.x) <= tol && abs(a.y-b.y) > tol:
		in.page.Rules = append(in.page.Rules, Rule{X0: (a.x + b.x) / 2, X1: (a.x + b.x) / 2, Y0: min(a.y, b.y), Y1: max(a.y, b.y), Width: width})
	}
}
