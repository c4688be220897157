// Package importer is the import use case shared by the CLI, the API and the
// pages: read a file, apply the review rules, store the document with its
// findings.
package importer

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/ingest"
	"jixiao/internal/limit"
)

// Options adjust an import.
type Options struct {
	// Year is the budget year; 0 keeps what the reader found in the text.
	Year int
	// By is who imports: the logged-in user of the API or the pages, nil
	// for the CLI (the operator). It decides the scope and whether the
	// import lands as a draft, and the audit entry names it.
	By *jixiao.User
	// Pool runs the import; nil means Pool, the process's own.
	Pool *limit.Pool
	// Drafts stores an import that lands as a draft (ImportsAsDraft(By));
	// the services pass the store's workflow. The CLI imports as the
	// operator, whose imports are published, and needs none.
	Drafts jixiao.DraftImporter
	// Context, when set, gives the rules what the table alone does not
	// hold (check.Context: its projects' earlier years, its peers) and
	// returns what to do once the document is stored (keep its links to
	// those years). The services pass theirs; nil runs the rules on the
	// table alone.
	Context func(ctx context.Context, doc *jixiao.Document) (check.Context, AfterSave, error)
	// MaxBytes bounds the file; 0 is MaxBytes, what every door takes. Only
	// the measurement commands under scripts/ raise it, to import the
	// generated tables of hundreds of thousands of projects that
	// BENCHMARKS.md measures.
	MaxBytes int
}

// AfterSave is called with the stored document (its ids set) once an
// import is saved.
type AfterSave func(ctx context.Context, doc *jixiao.Document) error

// Pool bounds the imports of this process: reading and checking a table
// holds several times the file's size in memory, so at most one import
// per core runs at once and as many wait; beyond that an import is refused
// with a *jixiao.BusyError (the API answers 503 with Retry-After) rather
// than taking more memory. It is the one piece of state the package keeps:
// a bound for the whole process, whichever door the imports come through.
var Pool = limit.New("导入", runtime.GOMAXPROCS(0), runtime.GOMAXPROCS(0), 5*time.Second)

// MaxBytes bounds the file of one import, whichever door it comes in by:
// the API and the pages bound the upload's body to it before reading
// (413), the CLI refuses a larger file before reading it. A 10,000-project
// workbook is about 6 MB, its indicators as CSV about 10 MB; an import
// holds up to about 8 times its file while it runs (BENCHMARKS.md).
const MaxBytes = 20 << 20

// TooLarge is the refusal of a file of size bytes over MaxBytes: what the
// cap is and what to do.
func TooLarge(name string, size int64) *jixiao.InputError {
	return &jixiao.InputError{File: baseName(name), Msg: fmt.Sprintf("文件有 %.1f MiB，超过每个文件 %d MiB 的上限；"+
		"请只保留绩效目标表，或把表格按单位拆分成几个文件后分别导入", float64(size)/(1<<20), MaxBytes>>20)}
}

// Import reads data (the file called name), runs the review rules and saves
// the document in one transaction. It returns the stored document, whose
// Findings hold both the readers' parse.* findings and the rules' findings.
// A file that cannot be read gives a *jixiao.InputError and stores nothing; a
// file already stored gives a *jixiao.DuplicateError.
//
// Who imports is opt.By (none for the CLI), and the model decides what
// that means: jixiao.CheckImport refuses another
// department's table (*jixiao.ScopeError), and jixiao.ImportsAsDraft sends
// the import into review as a draft instead of publishing it. Either way
// the audit log names the person.
func Import(ctx context.Context, st jixiao.Store, name string, data []byte, opt Options) (*jixiao.Document, error) {
	return ImportFrom(ctx, st, func() (File, error) {
		f := File{Name: name, Data: data, Year: opt.Year}
		data = nil // ImportFrom drops f.Data once read: no copy of the file outlives the reader here
		return f, nil
	}, opt)
}

// File is a file to import as a door received it.
type File struct {
	Name string
	Data []byte
	Year int // the budget year; 0 keeps opt.Year
}

// ImportFrom is Import of the file that read returns, called once the
// pool admits the import and before it waits for a worker: a door reads
// the upload's body there, so that an upload refused as busy is never
// read and the uploads held in memory at once are bounded by the pool.
func ImportFrom(ctx context.Context, st jixiao.Store, read func() (File, error), opt Options) (*jixiao.Document, error) {
	pool := opt.Pool
	if pool == nil {
		pool = Pool
	}
	var f File
	var doc *jixiao.Document
	err := pool.DoAfter(ctx, func() error {
		var err error
		f, err = read()
		return err
	}, func() error {
		if f.Year != 0 {
			opt.Year = f.Year
		}
		// Only the reader needs the file's bytes: dropped here, they are
		// garbage while the rules run and the store writes.
		data := f.Data
		f.Data = nil
		if len(data) > cmp.Or(opt.MaxBytes, MaxBytes) {
			return TooLarge(f.Name, int64(len(data)))
		}
		var err error
		doc, err = importNow(ctx, st, f.Name, data, opt)
		return err
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

func importNow(ctx context.Context, st jixiao.Store, name string, data []byte, opt Options) (*jixiao.Document, error) {
	doc, err := read(name, data, opt)
	if err != nil {
		return nil, err
	}
	u := opt.By
	if err := jixiao.CheckImport(u, doc); err != nil {
		return nil, err
	}
	cc, after := check.Context{}, AfterSave(nil)
	if opt.Context != nil {
		if cc, after, err = opt.Context(ctx, doc); err != nil {
			return nil, err
		}
	}
	doc.Findings = appendFindings(doc.Findings, check.RunWith(doc, cc))
	if jixiao.ImportsAsDraft(u) {
		err = importDraft(ctx, opt.Drafts, u, name, doc)
	} else if err = st.SaveDocument(ctx, doc, jixiao.Actor(u)); err != nil {
		err = fmt.Errorf("save %s: %w", name, err)
	}
	if err == nil && after != nil {
		err = after(ctx, doc)
	}
	return doc, err
}

// importDraft stores doc as a draft under review by u.
func importDraft(ctx context.Context, di jixiao.DraftImporter, u *jixiao.User, name string, doc *jixiao.Document) error {
	if di == nil {
		return fmt.Errorf("import %s as a draft: no workflow store given (importer.Options.Drafts)", name)
	}
	if err := di.ImportDraft(ctx, doc, jixiao.Actor(u)); err != nil {
		return fmt.Errorf("save %s: %w", name, err)
	}
	return nil
}

// Read is Import without the store: read the file and add the rules'
// findings to the reader's.
func Read(name string, data []byte, opt Options) (*jixiao.Document, error) {
	doc, err := read(name, data, opt)
	if err != nil {
		return nil, err
	}
	doc.Findings = appendFindings(doc.Findings, check.Run(doc))
	return doc, nil
}

// appendFindings is the readers' findings followed by the rules': the
// rules' slice itself when the readers found nothing, which is the usual
// case, rather than a copy of it (a 260,000-project table draws about
// 780,000 findings, 90 MB held twice while they were copied).
func appendFindings(parse, rules []jixiao.Finding) []jixiao.Finding {
	if len(parse) == 0 && len(rules) > 0 {
		return rules
	}
	return append(parse, rules...)
}

// read reads the file into a valid document with the readers' findings.
func read(name string, data []byte, opt Options) (*jixiao.Document, error) {
	doc, err := ingest.Parse(name, data)
	if err != nil {
		return nil, err
	}
	if opt.Year != 0 {
		doc.Year = opt.Year
	}
	// The stored name is shown to anonymous visitors: never a server path.
	// Messages keep the name the caller gave.
	doc.SourceName = baseName(name)
	if err := doc.Validate(); err != nil {
		return nil, &jixiao.InputError{File: baseName(name), Msg: "超出可接受的范围：" + err.Error()}
	}
	return doc, nil
}

// baseName is the file name after the last / or \ (a path typed on
// Windows reaches a Linux server too).
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 && i < len(name)-1 {
		return name[i+1:]
	}
	return name
}
