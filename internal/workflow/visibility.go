package workflow

import (
	"slices"

	"jixiao"
)

// SeesReview reports whether u sees the review of the document r describes:
// its history (usernames, user ids, comments) and its target adjustments
// still under review (with their internal reasons). Only users within the
// document's scope do (jixiao.InScope: its units' filers, its department's
// reviewer, finance reviewers, admins); a visitor or a user out of scope
// reads the published table and its approved adjustments, nothing more.
// The API and the pages both ask here.
func SeesReview(u *jixiao.User, r jixiao.Resource) bool {
	return jixiao.InScope(u, r)
}

// VisibleAdjustments keeps the adjustments of document r that u may see:
// all of them within scope, else only those finance approved (财政已审),
// which the published table shows.
func VisibleAdjustments(u *jixiao.User, r jixiao.Resource, list []jixiao.Adjustment) []jixiao.Adjustment {
	if SeesReview(u, r) {
		return list
	}
	return slices.DeleteFunc(list, func(a jixiao.Adjustment) bool { return a.State != jixiao.StateFinanceApproved })
}
