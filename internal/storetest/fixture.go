package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"jixiao"
)

// Names used by the fixtures: they exercise search by 1, 2 and 3+
// characters, full-width and Latin text.
var projectNames = []string{
	"基层干部培训班", "就业补助资金", "职业技能培训", "人社局办公大楼物业管理费", "ＷＰＳ Office 正版化",
	"劳动保障监察", "创业担保贷款贴息", "公共就业服务", "培训", "社会保险经办",
}

var indicatorNames = []string{
	"培训人次", "服务对象满意度", "资金到位率", "补贴发放及时率", "群众满意度", "就业人数",
	"ｗｐｓ 安装台数", "培训合格率", "满意", "设施完好率",
}

var targets = []string{"≥20人", "≥90％", "100%", "有效降低", "≦300家次（人次）", "不少于50000人", "95%以上", "按时完成"}

var level2s = []struct{ l1code, l1, l2code, l2 string }{
	{"1", "产出指标", "11", "数量指标"}, {"1", "产出指标", "12", "质量指标"}, {"1", "产出指标", "13", "时效指标"},
	{"2", "效益指标", "22", "社会效益指标"}, {"2", "效益指标", "12", "质量指标"}, {"3", "满意度指标", "31", "服务对象满意度"},
}

// sha makes a SHA-256 hex string from a seed, unique per fixture.
func sha(seed string) string {
	h := sha256.Sum256([]byte(seed))
	return hex.EncodeToString(h[:])
}

// NewDocument builds a document of n projects over two units with
// indicatorsPer indicators each and a few findings, the way a reader would
// leave it (renumbered, no ids). seed makes its SHA-256 and title unique.
func NewDocument(seed string, n, indicatorsPer int) *jixiao.Document {
	doc := &jixiao.Document{
		Title: "2024年" + seed + "项目支出绩效目标表", Agency: "广州市" + seed + "人力资源和社会保障局",
		AgencyKind: jixiao.AgencyDepartment, MoneyUnit: jixiao.WanYuan, Year: 2024,
		SourceName: seed + ".md", SHA256: sha(seed), Layout: "markdown", StatedLine: 3, HasStated: true,
		Units: []jixiao.Unit{
			{Name: seed + "局本级", HasStated: true, Line: 5},
			{Name: seed + "社保中心", HasStated: true, Line: 40, Stated: jixiao.Amounts{Total: 1}},
		},
	}
	for i := 0; i < n; i++ {
		unit := doc.Units[i*2/max(n, 1)].Name
		p := jixiao.Project{
			Unit: unit, Name: projectNames[i%len(projectNames)],
			Amounts: jixiao.Amounts{Total: jixiao.Money(1_234_567 * (i + 1)), Fiscal: jixiao.Money(1_000_000 * (i + 1)),
				SpecialAccount: jixiao.Money(234_567 * (i + 1)), Other: 0},
			Goal: fmt.Sprintf("目标%d：通过项目实施，保障工作正常开展。", i+1), Line: 10 + i*5,
		}
		if i == 3 {
			p.Raw = "| 人社局办公大楼物业管理费 | 六十七 | | |"
		}
		for j := 0; j < indicatorsPer; j++ {
			p.Indicators = append(p.Indicators, indicator(i, j))
		}
		doc.Projects = append(doc.Projects, p)
	}
	for i := range doc.Units {
		for _, p := range doc.UnitProjects(doc.Units[i].Name) {
			doc.Units[i].Stated = doc.Units[i].Stated.Add(p.Amounts)
		}
	}
	doc.Stated = doc.Total()
	doc.Renumber()
	doc.Findings = findings(doc)
	return doc
}

func indicator(i, j int) jixiao.Indicator {
	k := level2s[(i+j)%len(level2s)]
	pt, at := targets[(i+j)%len(targets)], targets[(i+2*j+1)%len(targets)]
	in := jixiao.Indicator{
		Level1Code: k.l1code, Level1: k.l1, Level2Code: k.l2code, Level2: k.l2,
		Name: indicatorNames[(i*3+j)%len(indicatorNames)], Period: jixiao.ParseTarget(pt), Annual: jixiao.ParseTarget(at),
		Line: 11 + i*5 + j,
	}
	if i == 2 && j == 1 {
		in.Raw = "2、1-产出指标；培训人次≥20人"
	}
	return in
}

func findings(doc *jixiao.Document) []jixiao.Finding {
	out := []jixiao.Finding{{Rule: "parse.amount", Severity: jixiao.SeverityError, Unit: doc.Units[0].Name,
		Line: 7, Message: "金额无法识别"}}
	for i, p := range doc.Projects {
		if i%3 == 0 && len(p.Indicators) > 0 {
			out = append(out, jixiao.Finding{Rule: "target.mismatch", Severity: jixiao.SeverityWarning,
				Unit: p.Unit, ProjectSeq: p.Seq, Project: p.Name, IndicatorSeq: 1, Line: p.Line, Message: "年度指标值与实施周期指标值不一致"})
		}
	}
	return append(out, jixiao.Finding{Rule: "total.sum", Severity: jixiao.SeverityInfo, Message: "合计与明细一致"})
}
