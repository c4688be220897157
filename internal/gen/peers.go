package gen

import (
	"fmt"

	"jixiao"
)

// PeerSet is tables of several districts' departments of the same function
// with the cases planted for the peer rules (标杆值): a 服务对象满意度 set far
// below its peers, and among 30 training projects one that spends ten
// times what the others spend per trainee.
type PeerSet struct {
	Docs []*jixiao.Document
	// Below is the planted 满意度 (document index, project seq, indicator
	// seq); Costly the planted cost outlier (document index, project seq).
	Below  [3]int
	Costly [2]int
}

// Peers builds six districts' tables of n projects each (n ≥ 16), every
// department named for its district, with the two planted cases. The
// training projects replace projects 11 to 15 of each table: their money
// and one indicator, 职业技能培训人数, at 0.15–0.24 万元 a trainee, one of
// them (district 3, project 13) at 2 万元.
func Peers(n int, seed int64) *PeerSet {
	set := &PeerSet{}
	for d := range 6 {
		doc := Generate(n, seed+int64(d))
		doc.Agency = fmt.Sprintf("某市第%d区人力资源和社会保障局", d+1)
		doc.SourceName = fmt.Sprintf("peers-%d-%d.md", seed, d+1)
		set.Docs = append(set.Docs, doc)
	}
	planted := set.Docs[2]
	low := &planted.Projects[3]
	low.Indicators = append(low.Indicators, jixiao.Indicator{Seq: len(low.Indicators) + 1, Level1Code: "3", Level1: "满意度指标",
		Level2Code: "31", Level2: "服务对象满意度", Name: "服务对象满意度", Annual: jixiao.ParseTarget("≥60%"), Period: jixiao.ParseTarget("≥60%")})
	set.Below = [3]int{2, low.Seq, len(low.Indicators)}
	for i := range 30 {
		d := set.Docs[i%6]
		p := &d.Projects[10+i/6]
		trainees := int64(100 + 10*i)
		cost := (1500 + int64(i)*30) * trainees * 100 // 分: 0.15 万元 + 0.003 × i, each
		if d == planted && i/6 == 2 {
			cost = 20000 * trainees * 100
			set.Costly = [2]int{2, p.Seq}
		}
		p.Amounts = jixiao.Amounts{Total: jixiao.Money(cost), Fiscal: jixiao.Money(cost)}
		p.Indicators = []jixiao.Indicator{{Seq: 1, Level1Code: "1", Level1: "产出指标", Level2Code: "11", Level2: "数量指标",
			Name: "职业技能培训人数", Annual: jixiao.ParseTarget(fmt.Sprintf("≥%d人", trainees)), Period: jixiao.ParseTarget(fmt.Sprintf("≥%d人", trainees))}}
	}
	for _, doc := range set.Docs {
		restate(doc) // only the planted cases differ from a clean table
		doc.SHA256, doc.ContentSHA256 = doc.SourceName, doc.ContentHash()
	}
	return set
}
