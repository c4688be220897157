package check

import (
	"math/big"
	"testing"

	"jixiao"
)

// peersOf makes a peer table with one target group and one cost group for
// 培训人数 (人), from values given as decimal strings.
func peersOf(targets, costs []string) *Peers {
	b := NewPeerBuilder(nil)
	key, label := PeerKey("培训人数", "人")
	for i, v := range targets {
		r, _ := new(big.Rat).SetString(v)
		b.seen = map[*PeerGroup]bool{}
		b.addValue(b.ps.Targets, peerKey{key, label, "培训人数"}, "人", PeerMember{Value: r, Name: "培训人数", Department: string(rune('甲' + i%5))})
	}
	for i, v := range costs {
		r, _ := new(big.Rat).SetString(v)
		b.seen = map[*PeerGroup]bool{}
		b.addValue(b.ps.Costs, peerKey{key, label, "培训人数"}, "人", PeerMember{Value: r, Name: "培训人数", Department: string(rune('甲' + i%5))})
	}
	return b.Peers()
}

func spread(from, step string, n int) []string {
	a, _ := new(big.Rat).SetString(from)
	d, _ := new(big.Rat).SetString(step)
	var out []string
	for range n {
		out = append(out, a.FloatString(4))
		a = new(big.Rat).Add(a, d)
	}
	return out
}

func init() {
	// The clean table's project 1 trains ≥100人 for 20.00 万元: 0.2 万元 each.
	targets := peersOf(spread("100", "5", 12), nil)
	cheap := peersOf(nil, spread("0.01", "0.001", 12))
	alike := peersOf(nil, spread("0.15", "0.01", 12))
	few := peersOf(spread("100", "5", 9), spread("0.01", "0.001", 9))
	ruleCases = append(ruleCases,
		ruleCase{rule: "target.below-peers", name: "≥20人 among 100–155", change: setInd(1, 1, out("培训人数", "≥20人")), fires: true, project: 1, indicator: 1, peers: targets},
		ruleCase{rule: "target.below-peers", name: "near miss: ≥100人 among 100–155", change: func(*jixiao.Document) {}, peers: targets},
		ruleCase{rule: "target.below-peers", name: "near miss: a group of 9", change: setInd(1, 1, out("培训人数", "≥20人")), peers: few},
		ruleCase{rule: "target.below-peers", name: "near miss: a ≤ target", change: setInd(1, 1, out("培训人数", "≤20人")), peers: targets},
		ruleCase{rule: "amount.cost-outlier", name: "0.2 万元 a trainee among 0.01–0.021", change: func(*jixiao.Document) {}, fires: true, project: 1, peers: cheap},
		ruleCase{rule: "amount.cost-outlier", name: "near miss: among 0.15–0.26", change: func(*jixiao.Document) {}, peers: alike},
		ruleCase{rule: "amount.cost-outlier", name: "near miss: a group of 9", change: func(*jixiao.Document) {}, peers: few},
	)
}

func TestPeerKey(t *testing.T) {
	same := [][2]string{{"服务对象满意度", "群众满意率"}, {"社会公众满意度", "满意度"}, {"培训1000人次", "培训人次"}, {"培训人数（人）", "培训人数"}}
	for _, c := range same {
		a, _ := PeerKey(c[0], "%")
		b, _ := PeerKey(c[1], "%")
		if a != b {
			t.Errorf("%q and %q are not grouped", c[0], c[1])
		}
	}
	if a, _ := PeerKey("培训人数", "人"); a == func() string { k, _ := PeerKey("培训人数", "人次"); return k }() {
		t.Error("人 and 人次 share a group")
	}
	if a, _ := PeerKey("就业扶持政策经办服务满意度", "%"); a == func() string { k, _ := PeerKey("满意度", "%"); return k }() {
		t.Error("a satisfaction with a long qualifier is grouped with the plain one; the grouping keeps it apart")
	}
}

// TestGrouping: an admin's corrections move a name into another group or
// out of the group its synonyms put it in, and say why.
func TestGrouping(t *testing.T) {
	gr := Grouping{"群众满意率": "群众满意率", "培训人数": "职业技能培训人数"}
	if k, label := gr.Key("群众满意率", "%"); k != GroupKey("群众满意率", "%") || label != "群众满意率" {
		t.Errorf("split: %q %q", k, label)
	}
	if k, _ := gr.Key("服务对象满意度", "%"); k != GroupKey("满意度", "%") {
		t.Errorf("a synonym not corrected moved: %q", k)
	}
	if k, _ := gr.Key("培训1000人数", "人"); k != GroupKey("职业技能培训人数", "人") {
		t.Errorf("merge: %q", k)
	}
	for name, why := range map[string]string{"群众满意率": "管理员单列", "培训人数": "管理员并入“职业技能培训人数”",
		"服务对象满意度": "满意度同义词", "满意度": "名称相同（去掉数字与单位）"} {
		if got := gr.Why(name); got != why {
			t.Errorf("Why(%s) = %s, want %s", name, got, why)
		}
	}
}
