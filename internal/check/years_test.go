package check

import "jixiao"

// priorOf is project i (1-based) of d as it stood in year, its money
// total set to total and its indicators' annual targets replaced where
// targets names one (by indicator seq), with actuals by indicator seq.
func priorOf(d *jixiao.Document, i, year int, total string, targets map[int]string, actuals map[int]string) Prior {
	p := d.Projects[i-1]
	p.Indicators = append([]jixiao.Indicator(nil), p.Indicators...)
	p.Amounts = amounts(total, total, "0.00", "0.00")
	for seq, t := range targets {
		p.Indicators[seq-1].Annual = jixiao.ParseTarget(t)
	}
	return Prior{Year: year, Project: &p, Actuals: actuals}
}

// history gives project 1 of the clean table (20.00 万元, 培训人数 ≥100人,
// 培训合格率 ≥90%, 培训后就业人数 ≥60人, 满意度 ≥90%) the earlier years f
// builds, newest first.
func history(f func(d *jixiao.Document) []Prior) func(d *jixiao.Document) map[int][]Prior {
	return func(d *jixiao.Document) map[int][]Prior { return map[int][]Prior{1: f(d)} }
}

// otherTargets changes every annual target of project 1 but the first
// one, so that only 培训人数 stays the same across years.
var otherTargets = map[int]string{2: "≥85%", 3: "≥50人", 4: "≥88%"}

func init() {
	ruleCases = append(ruleCases,
		ruleCase{rule: "target.below-last-actual", name: "≥100人 after 120 done", change: func(*jixiao.Document) {}, fires: true, project: 1, indicator: 1,
			priors: history(func(d *jixiao.Document) []Prior {
				return []Prior{priorOf(d, 1, 2023, "20.00", nil, map[int]string{1: "120"})}
			})},
		ruleCase{rule: "target.below-last-actual", name: "near miss: 90 done", change: func(*jixiao.Document) {},
			priors: history(func(d *jixiao.Document) []Prior {
				return []Prior{priorOf(d, 1, 2023, "20.00", nil, map[int]string{1: "90人"})}
			})},
		ruleCase{rule: "target.below-last-actual", name: "near miss: the actual in another unit", change: func(*jixiao.Document) {},
			priors: history(func(d *jixiao.Document) []Prior {
				return []Prior{priorOf(d, 1, 2023, "20.00", nil, map[int]string{1: "120人次"})}
			})},
		ruleCase{rule: "target.stale", name: "三年 ≥100人 while 15 → 20", change: func(*jixiao.Document) {}, fires: true, project: 1, indicator: 1,
			priors: history(func(d *jixiao.Document) []Prior {
				return []Prior{priorOf(d, 1, 2024, "18.00", otherTargets, nil), priorOf(d, 1, 2023, "15.00", map[int]string{2: "≥80%", 3: "≥40人", 4: "≥85%"}, nil)}
			})},
		ruleCase{rule: "target.stale", name: "near miss: money up 5%", change: func(*jixiao.Document) {},
			priors: history(func(d *jixiao.Document) []Prior {
				return []Prior{priorOf(d, 1, 2024, "19.50", otherTargets, nil), priorOf(d, 1, 2023, "19.00", nil, nil)}
			})},
		ruleCase{rule: "target.stale", name: "near miss: two years only", change: func(*jixiao.Document) {},
			priors: history(func(d *jixiao.Document) []Prior {
				return []Prior{priorOf(d, 1, 2024, "10.00", otherTargets, nil)}
			})},
		ruleCase{rule: "amount.cost-up", name: "15 → 20 with 培训人数 ≥100人 kept", change: func(*jixiao.Document) {}, fires: true, project: 1,
			priors: history(func(d *jixiao.Document) []Prior {
				return []Prior{priorOf(d, 1, 2024, "15.00", otherTargets, nil)}
			})},
		ruleCase{rule: "amount.cost-up", name: "near miss: more trainees", change: func(*jixiao.Document) {},
			priors: history(func(d *jixiao.Document) []Prior {
				return []Prior{priorOf(d, 1, 2024, "15.00", map[int]string{1: "≥80人"}, nil)}
			})},
		ruleCase{rule: "amount.cost-up", name: "near miss: up 25%", change: func(*jixiao.Document) {},
			priors: history(func(d *jixiao.Document) []Prior {
				return []Prior{priorOf(d, 1, 2024, "16.00", otherTargets, nil)}
			})},
	)
}
