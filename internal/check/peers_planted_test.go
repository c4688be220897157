package check

import (
	"fmt"
	"slices"
	"testing"

	"jixiao"
	"jixiao/internal/gen"
)

// TestPeersPlanted builds the peers of six generated districts, plants one
// 满意度 far below its peers and one project whose trainees cost ten
// times what its 29 peers spend, and checks that the two peer rules find
// exactly those. (The generated amounts are random, so the samples' real
// costs are not judged against them: TestPeersOnSamples judges the
// samples against each other.)
func TestPeersPlanted(t *testing.T) {
	set := gen.Peers(120, 100)
	docs := set.Docs
	planted := docs[set.Below[0]]
	low := &planted.Projects[set.Below[1]-1]
	costly := &planted.Projects[set.Costly[1]-1]
	peers := BuildPeers(docs)
	if g := peers.Targets[key("满意度", "%")]; g == nil || len(g.Values) < 30 {
		t.Fatalf("the 满意度 group has %v values", g)
	}

	want := map[string][]string{
		"target.below-peers":  {fmt.Sprintf("%s %d:%d", planted.Agency, low.Seq, len(low.Indicators))},
		"amount.cost-outlier": {fmt.Sprintf("%s %d:0", planted.Agency, costly.Seq)},
	}
	got := map[string][]string{}
	for _, d := range docs {
		for _, f := range RunWith(d, Context{Peers: peers}) {
			if _, ok := want[f.Rule]; ok {
				got[f.Rule] = append(got[f.Rule], fmt.Sprintf("%s %d:%d", d.Agency, f.ProjectSeq, f.IndicatorSeq))
				t.Logf("%s: %s", f.Rule, f.Message)
			}
		}
	}
	for rule, exp := range want {
		if !slices.Equal(got[rule], exp) {
			t.Errorf("%s: found %v, planted %v", rule, got[rule], exp)
		}
	}
}

// TestPeersOnSamples: the two published samples judged against each
// other's targets and costs. Their largest group has 5 targets, under
// DefaultMinPeers, so in use the rules are quiet on them; judged with a
// minimum of 3 to see what the rules make of real tables, they find
// nothing far from its peers.
func TestPeersOnSamples(t *testing.T) {
	docs := []*jixiao.Document{readSample(t, "liwan-hrss-bureau-2024.md"), readSample(t, "huadu-employment-center-2024.txt")}
	peers := BuildPeers(docs)
	peers.MinCount = 3
	large := 0
	for _, g := range peers.Targets {
		if len(g.Values) >= peers.MinCount {
			large++
			t.Logf("group %s %s: %d targets, quartiles %s / %s / %s", g.Name, g.Unit, len(g.Values),
				decimal(g.Quartile(0.25)), decimal(g.Quartile(0.5)), decimal(g.Quartile(0.75)))
		}
	}
	if large == 0 {
		t.Error("no group of the samples reaches the minimum: the test would prove nothing")
	}
	for _, d := range docs {
		for _, f := range RunWith(d, Context{Peers: peers}) {
			if f.Rule == "target.below-peers" || f.Rule == "amount.cost-outlier" {
				t.Errorf("%s on a sample: %s", f.Rule, f.Message)
			}
		}
	}
}

func key(name, unit string) string { k, _ := PeerKey(name, unit); return k }
