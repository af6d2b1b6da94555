package main

import (
	"bytes"
	"os"
	"reflect"
	"regexp"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/sipcodes/sipcodes/internal/registry"
)

// dataFiles are the committed outputs of this extractor.
var dataFiles = []string{"../../../../data/platforms/kamailio.yaml", "../../../../data/platforms/opensips.yaml"}

func TestParseDefines(t *testing.T) {
	src := "#define E_OK 0\n/* #define E_OLD -4 */\n#define E_SEND -477\n  #define E_BAD_REQ   -400 /* bad */\n#define NAME \"x\"\n"
	got := parseDefines(src)
	want := map[string]define{"E_OK": {0, 1}, "E_SEND": {-477, 3}, "E_BAD_REQ": {-400, 4}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestParseErr2Reason(t *testing.T) {
	defs := map[string]define{"E_SEND": {-477, 1}, "E_BAD_REQ": {-400, 2}, "E_BAD_TO": {-13, 3}, "E_OUT_OF_MEM": {-2, 4}}
	tests := []struct {
		name   string
		src    string
		want   []errCase
		suffix int
	}{
		{"kamailio style", `int err2reason_phrase(int int_error, /* x */
	int *sip_error)
{
	switch(int_error) {
		case E_SEND:
			error_txt = "Send \"failed\"";
			*sip_error = -int_error;
			break;
		case E_BAD_TO:
			error_txt = "Bad To";
			*sip_error = -E_BAD_REQ;
			break;
		default:
			error_txt = "Oops";
			*sip_error = 500;
			break;
	}
	return snprintf(phrase, etl, "%s (%d/%s)", error_txt, -int_error, signature);
}`, []errCase{
			{[]string{"E_SEND"}, `Send "failed"`, 6, 477},
			{[]string{"E_BAD_TO"}, "Bad To", 10, 400},
			{[]string{"default"}, "Oops", 14, 500},
		}, 18},
		{"opensips DEBUG fall-through", `int err2reason_phrase(
	int error )
{
	switch( error ) {
		case E_OUT_OF_MEM:
#ifdef DEBUG
			error_txt="No memory";
			*sip_error=-E_BAD_REQ;
			break;
#endif
		default:
			error_txt="Server error occurred";
			*sip_error=-E_BAD_REQ;
			break;
	}
	return snprintf( phrase, etl, "%s (%d/%s)", error_txt,
		-error, signature );
}`, []errCase{
			{[]string{"E_OUT_OF_MEM", "default"}, "Server error occurred", 12, 400},
		}, 16},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, suffix, err := parseErr2Reason(tc.src, defs)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) || suffix != tc.suffix {
				t.Fatalf("got %+v suffix %d, want %+v suffix %d", got, suffix, tc.want, tc.suffix)
			}
		})
	}
	if _, _, err := parseErr2Reason("int x(void) {}", defs); err == nil {
		t.Error("missing function: want an error")
	}
	if _, _, err := parseErr2Reason("int err2reason_phrase(int e)\n{\n\tcase E_UNKNOWN:\n\t*sip_error = -E_NOPE;\n}", defs); err == nil {
		t.Error("unknown define: want an error")
	}
}

func TestParseErrorText(t *testing.T) {
	src := `char *error_text(int code)
{
	switch(code) {
		case 100:
			return "Trying";
		case 504: return "Server Time-Out";
	}
	if(code >= 600)
		return "Global Failure";
	else if (code>=400) return "Request Failure";
	return "Unspecified";
}
char *other(void) { return "x"; }`
	cases, fb, err := parseErrorText(src)
	if err != nil {
		t.Fatal(err)
	}
	wantC := []codeText{{100, "Trying", 5}, {504, "Server Time-Out", 6}}
	wantF := []codeText{{600, "Global Failure", 9}, {400, "Request Failure", 10}}
	if !reflect.DeepEqual(cases, wantC) || !reflect.DeepEqual(fb, wantF) {
		t.Fatalf("got %v %v, want %v %v", cases, fb, wantC, wantF)
	}
	if _, _, err := parseErrorText("int main(void) {}"); err == nil {
		t.Error("missing function: want an error")
	}
}

func TestParseCfgReplies(t *testing.T) {
	src := "\tsl_send_reply(\"403\", \"Not relaying\");\n\t# sl_send_reply(\"200\", \"OK\");\n\tsend_reply(404,\"Not here\");\n\tt_reply(\"404\", \"Not found\"); exit;\n"
	got := parseCfgReplies(src)
	want := []cfgReply{{403, "Not relaying", 1}, {404, "Not here", 3}, {404, "Not found", 4}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestParseCInit(t *testing.T) {
	tests := []struct {
		src, name, want string
		line            int
	}{
		{"int a;\nint tm_remap_503_500 = 1;\n", "tm_remap_503_500", "1", 2},
		{"str _tm_reply_408_reason = str_init(\"Request Timeout\");", "_tm_reply_408_reason", "Request Timeout", 1},
		{"static str relay_reason_100 = str_init(\"Giving it a try\");", "relay_reason_100", "Giving it a try", 1},
		{"int auto_100trying=1;", "auto_100trying", "1", 1},
		{"int x_sip_warning = 3;\nint sip_warning = 0;", "sip_warning", "0", 2},
	}
	for _, tc := range tests {
		v, n, err := parseCInit(tc.src, tc.name)
		if err != nil || v != tc.want || n != tc.line {
			t.Errorf("%s: got %q line %d err %v, want %q line %d", tc.name, v, n, err, tc.want, tc.line)
		}
	}
	if _, _, err := parseCInit("int y = 2;", "x"); err == nil {
		t.Error("missing: want an error")
	}
}

func TestStructInit(t *testing.T) {
	src := "struct cfg_group_tm default_tm_cfg = {\n\t\t\"trying -- hi\", /* tm_auto_inv_100_r */\n\t\t1, /* tm_auto_inv_100 */\n\t\t500, /* default_code */\n};"
	for _, tc := range []struct {
		field, want string
		line        int
	}{{"tm_auto_inv_100_r", "trying -- hi", 2}, {"tm_auto_inv_100", "1", 3}, {"default_code", "500", 4}} {
		v, n, err := structInit(src, tc.field)
		if err != nil || v != tc.want || n != tc.line {
			t.Errorf("%s: got %q line %d err %v", tc.field, v, n, err)
		}
	}
}

func TestEnclosingFunc(t *testing.T) {
	src := "#include <x.h>\nstatic void fake_reply(struct cell *t, int code)\n{\n\tfoo(1);\n}\n\ninline static void final_response_handler(\n\t\tstruct retr_buf *r_buf, struct cell *t)\n{\n\tfake_reply(t, 408);\n}\n"
	if got := enclosingFunc(src, 4); got != "fake_reply" {
		t.Errorf("line 4: got %q", got)
	}
	if got := enclosingFunc(src, 10); got != "final_response_handler" {
		t.Errorf("line 10: got %q", got)
	}
}

func TestRegisteredFor(t *testing.T) {
	tests := []struct {
		code   int
		phrase string
		want   bool
	}{
		{478, "Unresolvable destination", false},
		{500, "Service Unavailable", false},
		{500, "I'm terribly sorry, server error occurred", true},
		{408, "Request Timeout", true},
		{400, "Bad To", true},
	}
	for _, tc := range tests {
		if got := registeredFor(tc.code, tc.phrase); got != tc.want {
			t.Errorf("%d %q: got %t", tc.code, tc.phrase, got)
		}
	}
}

// ---- the committed data ----

type yReply struct {
	SIP        int    `yaml:"sip"`
	Phrase     string `yaml:"phrase"`
	Line       int    `yaml:"line"`
	File       string `yaml:"file"`
	Function   string `yaml:"function"`
	Registered *bool  `yaml:"registered"`
	When       string `yaml:"when"`
}

type yPhrase struct {
	SIP    int    `yaml:"sip"`
	Phrase string `yaml:"phrase"`
	Line   int    `yaml:"line"`
	File   string `yaml:"file"`
}

type yDoc struct {
	Platform   string `yaml:"platform"`
	Repository string `yaml:"repository"`
	Commit     string `yaml:"commit"`
	Replies    struct {
		File     string   `yaml:"file"`
		Function string   `yaml:"function"`
		Entries  []yReply `yaml:"entries"`
	} `yaml:"replies"`
	Phrases struct {
		File    string    `yaml:"file"`
		Entries []yPhrase `yaml:"entries"`
	} `yaml:"phrases"`
	Defaults []struct {
		Name  string `yaml:"name"`
		Value string `yaml:"value"`
		File  string `yaml:"file"`
		Line  int    `yaml:"line"`
		Text  string `yaml:"text"`
	} `yaml:"defaults"`
	Facts []struct {
		Text string `yaml:"text"`
		File string `yaml:"file"`
		Line int    `yaml:"line"`
	} `yaml:"facts"`
}

func TestCommittedData(t *testing.T) {
	for _, file := range dataFiles {
		t.Run(file, func(t *testing.T) { checkData(t, file) })
	}
}

func checkData(t *testing.T, dataFile string) {
	b, err := os.ReadFile(dataFile)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var d yDoc
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("%s: %v", dataFile, err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(d.Commit) {
		t.Errorf("commit %q is not 40 hex digits", d.Commit)
	}
	if d.Platform == "" || d.Repository == "" || d.Replies.File == "" || d.Replies.Function == "" || d.Phrases.File == "" {
		t.Error("platform, repository and every table's file (and the replies' function) must be set")
	}
	if len(d.Replies.Entries) == 0 || len(d.Phrases.Entries) == 0 || len(d.Defaults) == 0 || len(d.Facts) == 0 {
		t.Error("every table must have entries")
	}
	for _, r := range d.Replies.Entries {
		if r.SIP < 100 || r.SIP > 699 || r.Line <= 0 || r.Phrase == "" || r.When == "" || r.Registered == nil {
			t.Errorf("reply %+v: sip 100..699, line > 0, phrase, when and registered are required", r)
			continue
		}
		e, ok := registry.Lookup(r.SIP)
		if !*r.Registered && ok && e.Reason == r.Phrase {
			t.Errorf("reply %d %q is marked registered: false, but IANA registers that code with that phrase", r.SIP, r.Phrase)
		}
		if *r.Registered && !ok {
			t.Errorf("reply %d %q is marked registered: true, but IANA has no %d", r.SIP, r.Phrase, r.SIP)
		}
	}
	for _, p := range d.Phrases.Entries {
		if p.SIP < 100 || p.SIP > 699 || p.Line <= 0 || p.Phrase == "" {
			t.Errorf("phrase %+v: sip 100..699, line > 0 and phrase are required", p)
		}
		if e, ok := registry.Lookup(p.SIP); ok && e.Reason == p.Phrase {
			t.Errorf("phrase %d %q is IANA's own; the table lists only differences", p.SIP, p.Phrase)
		}
	}
	for _, s := range d.Defaults {
		if s.Name == "" || s.Value == "" || s.File == "" || s.Line <= 0 || s.Text == "" {
			t.Errorf("default %+v: name, value, file, line > 0 and text are required", s)
		}
	}
	for _, f := range d.Facts {
		if f.Text == "" || f.File == "" || f.Line <= 0 {
			t.Errorf("fact %+v: text, file and line > 0 are required", f)
		}
	}
}
