package web

// tableState is whether a stored table is a draft under review or the
// published one: every page, print and export that shows a table says
// which (issue 15, item 4), because a reviewer sees next year's draft
// beside this year's published table and must not take one for the other.
type tableState struct{ Draft bool }

// Label is the state as a badge says it.
func (s tableState) Label() string {
	if s.Draft {
		return "草稿 · 审核中，未公开"
	}
	return "已公开"
}

// Short is the state in a list or a heading's brackets.
func (s tableState) Short() string {
	if s.Draft {
		return "草稿"
	}
	return "已公开"
}

// Class is the badge's CSS class.
func (s tableState) Class() string {
	if s.Draft {
		return "doc-state state-draft"
	}
	return "doc-state state-published"
}

// stateOf is document id's state as rd sees it.
func stateOf(rd interface{ IsDraft(int64) bool }, id int64) tableState {
	return tableState{Draft: rd.IsDraft(id)}
}
