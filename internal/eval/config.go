package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strings"

	"jixiao"
)

// Block is one group of indicators that shares a number of points in the
// 自评表: 产出 50, 效益 30, 满意度 10 by default. Level1 lists the level-1
// category names (canonical, as jixiao.Scheme names them) whose indicators
// belong to it.
type Block struct {
	Name   string   `json:"name"`
	Points Points   `json:"points"`
	Level1 []string `json:"level1"`
}

// Grade is a band of the total: a total ≥ Min earns Name.
type Grade struct {
	Name string `json:"name"`
	Min  Points `json:"min"`
}

// LessFormula chooses how a `<=`/`<` target scores when the actual is above
// it (domain rules §5.3 gives two published variants).
type LessFormula string

// The two variants.
const (
	// LessLinear: weight × max(0, 1 − (actual − target) ÷ target), the default.
	LessLinear LessFormula = "linear"
	// LessRatio: weight × target ÷ actual, a simpler local form.
	LessRatio LessFormula = "ratio"
)

// LightConfig holds the thresholds of the monitoring lights. Lags are in
// shares of the year (0.1 = ten percentage points behind the calendar);
// shortfalls are shares of the target.
type LightConfig struct {
	// ExecutionYellowLag and ExecutionRedLag: a project whose execution rate
	// trails the share of the year elapsed by more than these is yellow, red.
	ExecutionYellowLag Ratio `json:"execution_yellow_lag"`
	ExecutionRedLag    Ratio `json:"execution_red_lag"`
	// ProgressYellowShortfall and ProgressRedShortfall: an indicator whose
	// reached (or forecast) share of its target falls short of what is due
	// by more than these is yellow, red.
	ProgressYellowShortfall Ratio `json:"progress_yellow_shortfall"`
	ProgressRedShortfall    Ratio `json:"progress_red_shortfall"`
}

// Config is every number of the scoring and the lights. Default returns the
// values of 财预〔2020〕10号.
type Config struct {
	ExecutionPoints Points  `json:"execution_points"`
	Blocks          []Block `json:"blocks"`
	// PartlyShare is what 部分达成 earns, as a share of the weight.
	PartlyShare Ratio `json:"partly_share"`
	// AchievedMin and PartlyMin bound the bands an entered qualitative score
	// must fall in: 达成 [AchievedMin, 1], 部分达成 [PartlyMin, AchievedMin),
	// 未达成 [0, PartlyMin).
	AchievedMin Ratio `json:"achieved_min"`
	PartlyMin   Ratio `json:"partly_min"`
	// Grades, best first; a total below the last Min earns LowestGrade.
	Grades      []Grade `json:"grades"`
	LowestGrade string  `json:"lowest_grade"`
	// OverAchieveFlag: an actual above this multiple of a `>=`/`>` target is
	// flagged for an explanation.
	OverAchieveFlag Ratio       `json:"over_achieve_flag"`
	Less            LessFormula `json:"less_formula"`
	// AbsentBlock says where the points of a block a project has no
	// indicators in go (most often 满意度): "proportional" to the blocks
	// it has (jixiao's default, an assumption: 10号 does not say), "none"
	// (they are lost and the project is scored out of less than 100), or a
	// block's name (all to it, when the project has indicators there).
	AbsentBlock string      `json:"absent_block"`
	Lights      LightConfig `json:"lights"`
	// PublicActuals says when a round's figures, scores and self-evaluation
	// of a project become visible outside its scope (visitors, other units
	// and departments): "after_review", once finance has rechecked the
	// report (the default, issue 14 item 5), or "immediate", as typed.
	PublicActuals string `json:"public_actuals"`
	// Consequences is the 结果应用 table: what a grade means for next
	// year's budget (jixiao.DefaultConsequences unless configured).
	Consequences []jixiao.BudgetConsequence `json:"consequences"`
}

// The choices of Config.PublicActuals.
const (
	PublicAfterReview = "after_review"
	PublicImmediate   = "immediate"
)

// PublicAsTyped reports whether figures are public before finance's 复核.
func (c Config) PublicAsTyped() bool { return c.PublicActuals == PublicImmediate }

// The fixed choices of Config.AbsentBlock; any other value names a block.
const (
	AbsentProportional = "proportional"
	AbsentNone         = "none"
)

// The default block names, which the score table's columns follow.
const (
	BlockOutput       = "产出"
	BlockBenefit      = "效益"
	BlockSatisfaction = "满意度"
)

// Default returns the scoring of 财预〔2020〕10号: 预算执行率 10, 产出 50
// (成本指标 counted with 产出, as in the 2015 framework), 效益 30, 满意度 10;
// 部分达成 0.6; bands 80 %/60 %; grades 优 90, 良 80, 中 60, else 差;
// flag above 130 %.
func Default() Config {
	return Config{
		ExecutionPoints: 1000,
		Blocks: []Block{
			{Name: BlockOutput, Points: 5000, Level1: []string{"产出指标", "成本指标"}},
			{Name: BlockBenefit, Points: 3000, Level1: []string{"效益指标"}},
			{Name: BlockSatisfaction, Points: 1000, Level1: []string{"满意度指标"}},
		},
		PartlyShare:     "0.6",
		AchievedMin:     "0.8",
		PartlyMin:       "0.6",
		Grades:          []Grade{{"优", 9000}, {"良", 8000}, {"中", 6000}},
		LowestGrade:     "差",
		OverAchieveFlag: "1.3",
		Less:            LessLinear,
		AbsentBlock:     AbsentProportional,
		PublicActuals:   PublicAfterReview,
		Consequences:    jixiao.DefaultConsequences(),
		Lights: LightConfig{
			ExecutionYellowLag:      "0.1",
			ExecutionRedLag:         "0.2",
			ProgressYellowShortfall: "0.1",
			ProgressRedShortfall:    "0.2",
		},
	}
}

// LoadConfig reads a JSON configuration over the defaults: fields it leaves
// out keep their default values.
func LoadConfig(r io.Reader) (Config, error) {
	c := Default()
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Config{}, fmt.Errorf("评分配置: %w", err)
	}
	return c, c.Validate()
}

// Validate checks that the configuration can score: ratios are numbers,
// bands are ordered, every level-1 name belongs to one block at most.
func (c Config) Validate() error {
	for name, r := range map[string]Ratio{
		"partly_share": c.PartlyShare, "achieved_min": c.AchievedMin, "partly_min": c.PartlyMin,
		"over_achieve_flag":           c.OverAchieveFlag,
		"lights.execution_yellow_lag": c.Lights.ExecutionYellowLag, "lights.execution_red_lag": c.Lights.ExecutionRedLag,
		"lights.progress_yellow_shortfall": c.Lights.ProgressYellowShortfall, "lights.progress_red_shortfall": c.Lights.ProgressRedShortfall,
	} {
		if !r.valid() {
			return fmt.Errorf("评分配置: %s 的值 %q 不是非负数", name, r)
		}
	}
	one := big.NewRat(1, 1)
	if c.PartlyMin.Rat().Cmp(c.AchievedMin.Rat()) > 0 || c.AchievedMin.Rat().Cmp(one) > 0 {
		return fmt.Errorf("评分配置: 须 partly_min ≤ achieved_min ≤ 1")
	}
	if c.Less != LessLinear && c.Less != LessRatio {
		return fmt.Errorf("评分配置: less_formula 须为 linear 或 ratio，而不是 %q", c.Less)
	}
	if len(c.Blocks) == 0 {
		return fmt.Errorf("评分配置: 至少要有一个指标块")
	}
	if c.PublicActuals != PublicAfterReview && c.PublicActuals != PublicImmediate {
		return fmt.Errorf("评分配置: public_actuals 须为 after_review（财政复核后公开）或 immediate（填报即公开），而不是 %q", c.PublicActuals)
	}
	if c.AbsentBlock != AbsentProportional && c.AbsentBlock != AbsentNone && !slices.ContainsFunc(c.Blocks, func(b Block) bool { return b.Name == c.AbsentBlock }) {
		return fmt.Errorf("评分配置: absent_block 须为 proportional、none 或一个指标块的名称，而不是 %q", c.AbsentBlock)
	}
	if err := jixiao.CheckConsequences(c.Consequences); err != nil {
		return fmt.Errorf("评分配置: %w", err)
	}
	owner := map[string]string{}
	for _, b := range c.Blocks {
		if b.Points < 0 {
			return fmt.Errorf("评分配置: 指标块 %s 的分值为负", b.Name)
		}
		for _, l := range b.Level1 {
			if prev, dup := owner[l]; dup {
				return fmt.Errorf("评分配置: 一级指标 %s 同时属于 %s 和 %s", l, prev, b.Name)
			}
			owner[l] = b.Name
		}
	}
	for i := 1; i < len(c.Grades); i++ {
		if c.Grades[i].Min >= c.Grades[i-1].Min {
			return fmt.Errorf("评分配置: 等级须从高到低排列")
		}
	}
	return nil
}

// blockOf returns the index of the block an indicator belongs to, by its
// level-1 category name as written, else that name's canonical form
// (synonyms such as 效果), else its code, or -1.
func (c Config) blockOf(ind jixiao.Indicator) int {
	if i := c.blockNamed(jixiao.NameKey(ind.Level1)); i >= 0 {
		return i
	}
	for _, s := range jixiao.Schemes {
		if name := s.Canonical(ind.Level1); name != "" {
			if i := c.blockNamed(jixiao.NameKey(name)); i >= 0 {
				return i
			}
		}
	}
	if cat, ok := jixiao.Scheme2021.Level1ByCode(ind.Level1Code); ok {
		return c.blockNamed(jixiao.NameKey(cat.Name))
	}
	return -1
}

func (c Config) blockNamed(key string) int {
	if key == "" {
		return -1
	}
	for i, b := range c.Blocks {
		for _, l := range b.Level1 {
			if jixiao.NameKey(l) == key {
				return i
			}
		}
	}
	return -1
}

// gradeOf names the grade a total earns.
func (c Config) gradeOf(total Points) string {
	for _, g := range c.Grades {
		if total >= g.Min {
			return g.Name
		}
	}
	return c.LowestGrade
}

// Rules states the scoring in force in a few lines, for the foot of the
// 自评表 and the pages, so that a reader can check every score by hand.
func (c Config) Rules() []string {
	blocks := make([]string, len(c.Blocks))
	for i, b := range c.Blocks {
		blocks[i] = fmt.Sprintf("%s %s 分", b.Name, trimPoints(b.Points))
	}
	less := "反向指标超出目标时按 1 −（实际 − 目标）÷ 目标 计分"
	if c.Less == LessRatio {
		less = "反向指标超出目标时按 目标 ÷ 实际 计分"
	}
	absent := "项目缺少某类指标时，该类分值按比例分给其他指标块（本地设定，10号未规定）"
	switch c.AbsentBlock {
	case AbsentNone:
		absent = "项目缺少某类指标时，该类分值不再分配"
	case AbsentProportional, "":
	default:
		absent = fmt.Sprintf("项目缺少某类指标时，该类分值全部计入%s（本地设定，10号未规定）", c.AbsentBlock)
	}
	grades := make([]string, 0, len(c.Grades)+1)
	for _, g := range c.Grades {
		grades = append(grades, fmt.Sprintf("%s ≥%s", g.Name, trimPoints(g.Min)))
	}
	grades = append(grades, c.LowestGrade+" 其余")
	return []string{
		fmt.Sprintf("分值：预算执行率 %s 分，%s；执行率 = 全年执行数 ÷ 全年预算数，超过 100%% 按满分计并列为超支。",
			trimPoints(c.ExecutionPoints), strings.Join(blocks, "、")),
		fmt.Sprintf("定量指标按 实际 ÷ 目标 计分，满分封顶；%s。定性指标 达成 得满分、部分达成 得 %s、未达成 得 0，填写得分时须在各档区间内。",
			less, ratDecimal(new(big.Rat).Mul(c.PartlyShare.Rat(), big.NewRat(100, 1)))+"%"),
		fmt.Sprintf("实际超过年度指标值 %s%% 须说明原因，可按偏离度调减得分。%s。", points(c.OverAchieveFlag), absent),
		"等级：" + strings.Join(grades, "，") + "；未评、未完成的项目不评等级。",
	}
}

// MaxPoints is the most a project can score: 预算执行率 and every block.
func (c Config) MaxPoints() Points {
	total := c.ExecutionPoints
	for _, b := range c.Blocks {
		total += b.Points
	}
	return total
}
