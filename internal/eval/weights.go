package eval

import (
	"fmt"
	"math/big"
	"slices"

	"jixiao"
)

// blockPoints gives each block its points for one project: a block with no
// indicators gives its points as cfg.AbsentBlock says — by default to the
// blocks that have some, in proportion to their points (no 满意度: 产出 50 +
// 10×50/80 = 56.25, 效益 33.75). Shares that do not come out in whole
// hundredths are settled by largest remainder, earlier blocks first on
// ties, so the blocks always add up to the configured sum.
func blockPoints(cfg Config, present []bool) []Points {
	out := make([]Points, len(cfg.Blocks))
	if cfg.AbsentBlock != AbsentProportional && cfg.AbsentBlock != "" {
		to := slices.IndexFunc(cfg.Blocks, func(b Block) bool { return b.Name == cfg.AbsentBlock })
		if cfg.AbsentBlock == AbsentNone || to >= 0 && present[to] {
			for i, b := range cfg.Blocks {
				if present[i] {
					out[i] = b.Points
				} else if to >= 0 {
					out[to] += b.Points
				}
			}
			return out
		}
	}
	var all, kept int64
	for i, b := range cfg.Blocks {
		all += int64(b.Points)
		if present[i] {
			kept += int64(b.Points)
		}
	}
	if kept == 0 {
		return out // no block has indicators: nothing to share
	}
	shares := make([]*big.Rat, len(cfg.Blocks))
	for i, b := range cfg.Blocks {
		shares[i] = new(big.Rat)
		if present[i] {
			shares[i].SetFrac64(int64(b.Points)*all, kept)
		}
	}
	return settle(shares, Points(all))
}

// settle turns exact shares (in hundredths) that add up to total into whole
// hundredths that still do: each gets its floor, and the hundredths left
// over go one each to the largest remainders, earlier first on ties.
func settle(shares []*big.Rat, total Points) []Points {
	out := make([]Points, len(shares))
	rem := make([]*big.Rat, len(shares))
	var sum Points
	for i, s := range shares {
		fl := new(big.Int).Quo(s.Num(), s.Denom()) // shares are ≥ 0: Quo is floor
		out[i] = Points(fl.Int64())
		rem[i] = new(big.Rat).Sub(s, new(big.Rat).SetInt(fl))
		sum += out[i]
	}
	for left := total - sum; left > 0; left-- {
		best := -1
		for i := range rem {
			if rem[i].Sign() > 0 && (best < 0 || rem[i].Cmp(rem[best]) > 0) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		out[best]++
		rem[best].SetInt64(0)
	}
	return out
}

// equalSplit shares a block's points over n indicators in whole hundredths:
// 50 over 3 is 16.67, 16.67, 16.66 (the leftover hundredths go to the first
// indicators), so that full marks add up to the block exactly.
func equalSplit(block Points, n int) []Points {
	shares := make([]*big.Rat, n)
	for i := range shares {
		shares[i] = big.NewRat(int64(block), int64(n))
	}
	return settle(shares, block)
}

// projectWeights gives each indicator of p (by index) its block and its
// points. An indicator whose level-1 category belongs to no block has
// block -1 and weight 0. Weights entered by the evaluator must be given
// for every indicator of a block or for none, and must add up to the
// block's points.
func projectWeights(cfg Config, p *jixiao.Project, a *lookup) (blocks []int, weights []Points, bp []Points, probs Problems) {
	blocks = make([]int, len(p.Indicators))
	present := make([]bool, len(cfg.Blocks))
	members := make([][]int, len(cfg.Blocks))
	for i, ind := range p.Indicators {
		blocks[i] = cfg.blockOf(ind)
		if blocks[i] >= 0 {
			present[blocks[i]] = true
			members[blocks[i]] = append(members[blocks[i]], i)
		}
	}
	bp = blockPoints(cfg, present)
	weights = make([]Points, len(p.Indicators))
	for b, idx := range members {
		w, pr := blockWeights(cfg.Blocks[b].Name, bp[b], p, idx, a)
		probs = append(probs, pr...)
		for k, i := range idx {
			weights[i] = w[k]
		}
	}
	return blocks, weights, bp, probs
}

// blockWeights returns the weights of the indicators idx of one block.
func blockWeights(name string, points Points, p *jixiao.Project, idx []int, a *lookup) ([]Points, Problems) {
	set := make([]Points, len(idx))
	given := 0
	var sum Points
	var probs Problems
	for k, i := range idx {
		ia, _ := a.indicator(p.Seq, p.Indicators[i].Seq)
		if ia.Weight == "" {
			continue
		}
		w, err := ParsePoints(ia.Weight)
		if err != nil || w < 0 {
			probs = append(probs, Problem{p.Seq, p.Indicators[i].Seq, "weight", fmt.Sprintf("权重 %q 不是非负的分值（最多两位小数）", ia.Weight)})
			continue
		}
		set[k], sum = w, sum+w
		given++
	}
	switch {
	case len(probs) > 0:
		return make([]Points, len(idx)), probs
	case given == 0:
		return equalSplit(points, len(idx)), nil
	case given < len(idx):
		return make([]Points, len(idx)), Problems{{p.Seq, 0, "weight",
			fmt.Sprintf("%s指标块有 %d 个指标，只给了 %d 个权重：要么都填，要么都不填（平均分配）", name, len(idx), given)}}
	case sum != points:
		return make([]Points, len(idx)), Problems{{p.Seq, 0, "weight",
			fmt.Sprintf("%s指标块的权重合计 %s，应等于该块分值 %s", name, sum, points)}}
	}
	return set, nil
}
