package api

import (
	"net/http"
	"strconv"

	"jixiao/internal/service"
)

// The 指标库 of peer groups (标杆值): built from the published tables
// only, the same for every caller (service.Peers).

// libraryGroupsLimit is the default and the largest page of groups.
const libraryGroupsLimit = 200

// listPeerGroups answers GET /library/groups?q=&limit=: the groups whose
// name, or a name grouped in them, contains q, most used first.
func (a *API) listPeerGroups(w http.ResponseWriter, r *http.Request) error {
	if _, err := a.user(r); err != nil {
		return err // a bad token is refused here as on every read, though the groups are public
	}
	q := r.URL.Query()
	limit := libraryGroupsLimit
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > libraryGroupsLimit {
			return invalid("参数 limit 应为 1–%d 的整数，收到 %q", libraryGroupsLimit, s)
		}
		limit = n
	}
	gs, total, err := a.svc.Peers.Groups(r.Context(), q.Get("q"), limit)
	if err != nil {
		return err
	}
	if gs == nil {
		gs = []service.PeerSummary{}
	}
	writeJSON(w, http.StatusOK, peerGroupList{Items: gs, Total: total})
	return nil
}

// peerGroupList is a page of groups and how many matched in all.
type peerGroupList struct {
	Items []service.PeerSummary `json:"items"`
	Total int                   `json:"total"`
}

// getPeerGroup answers GET /library/group?name=&unit=: one group with
// who uses it, its spreads and the projects at their tails.
func (a *API) getPeerGroup(w http.ResponseWriter, r *http.Request) error {
	if _, err := a.user(r); err != nil {
		return err // a bad token is refused here as on every read, though the groups are public
	}
	q := r.URL.Query()
	if q.Get("name") == "" {
		return invalid("请给出指标组名称（参数 name），单位用参数 unit（无单位时为空）")
	}
	d, err := a.svc.Peers.Group(r.Context(), q.Get("name"), q.Get("unit"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}
