// Package webapp is the Telegram Mini App: a dashboard opened from a
// web_app button in a private chat with the bot. It serves one embedded page
// (HTML, CSS and a little JavaScript, no build step) under /app/ and JSON
// under /app/api/; every API request carries Telegram's initData as
// "Authorization: tma <initData>", verified with the bot token each time.
// Answers are scoped exactly as in chat: admins see every cluster and the
// sector overview, chairs and deputies their cluster, focal points their
// cluster's ranking, or only their own unit where the cluster's visibility
// is "own"; members see nothing. Charts are SVG drawn here.
package webapp

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/rankhistory"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/sector"
	"github.com/thiduabot/thiduabot/vi"
)

//go:embed static
var static embed.FS

// Deps are what the Mini App reads.
type Deps struct {
	// Token is the bot token: the key initData is signed with.
	Token   string
	Org     *org.Config
	Members *org.Members
	// Admins are the ids of ADMIN_IDS (registered admins come from Members).
	Admins   []int64
	Ranker   *rankhistory.Ranker
	Sector   *sector.Source
	Clock    clock.Clock
	Location *time.Location
	Log      *slog.Logger
}

// Server answers under /app/.
type Server struct {
	d      Deps
	admins map[int64]bool
	page   *template.Template
	mux    *http.ServeMux
}

// New returns the Mini App's handler; mount it at /app/.
func New(d Deps) (*Server, error) {
	if d.Clock == nil {
		d.Clock = clock.Real{}
	}
	if d.Location == nil {
		d.Location = time.UTC
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	page, err := template.ParseFS(static, "static/index.html")
	if err != nil {
		return nil, fmt.Errorf("webapp: page: %w", err)
	}
	s := &Server{d: d, admins: map[int64]bool{}, page: page, mux: http.NewServeMux()}
	for _, id := range d.Admins {
		s.admins[id] = true
	}
	assets, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	s.mux.HandleFunc("GET /app/{$}", s.index)
	s.mux.Handle("GET /app/static/", http.StripPrefix("/app/static/", http.FileServerFS(assets)))
	s.mux.HandleFunc("GET /app/api/me", s.api(s.me))
	s.mux.HandleFunc("GET /app/api/ranking", s.api(s.ranking))
	s.mux.HandleFunc("GET /app/api/unit", s.api(s.unit))
	s.mux.HandleFunc("GET /app/api/sector", s.api(s.sector))
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The page is meant for Telegram's webview only; nothing is cached so
	// that a new binary's page and data are what people see.
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	// Only this server's own script and Telegram's run; data blocks and
	// the server's SVG charts are not scripts.
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' https://telegram.org; "+
		"style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'")
	s.mux.ServeHTTP(w, r)
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	texts, err := json.Marshal(msg.AppTexts())
	if err != nil {
		http.Error(w, msg.AppErrInternal, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	t := msg.AppTexts()
	if err := s.page.Execute(w, struct {
		Title string
		Texts template.JS
	}{t["title"], template.JS(texts)}); err != nil {
		s.d.Log.Warn("webapp: page not written", "err", err)
	}
}

// viewer is who asks, with the role the bot knows them by.
type viewer struct {
	org.Member
	cluster *org.Cluster // nil for admins
}

// apiError is an answer with a status and a text safe to show.
type apiError struct {
	status int
	text   string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.status, e.text) }

func failf(status int, format string, args ...any) error {
	return &apiError{status: status, text: fmt.Sprintf(format, args...)}
}

type handler func(ctx context.Context, v viewer, r *http.Request) (any, error)

// api verifies initData, finds the member and runs h, answering JSON.
func (s *Server) api(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "tma ")
		if !ok {
			raw = ""
		}
		d, err := Verify(strings.TrimSpace(raw), s.d.Token, s.d.Clock.Now(), MaxAge)
		if err != nil {
			s.d.Log.Info("webapp: refused initData", "path", r.URL.Path, "err", err)
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": msg.AppErrAuth})
			return
		}
		v, err := s.viewer(r.Context(), d.User.ID)
		if err == nil && v.Name == "" { // an admin of ADMIN_IDS who never registered
			v.Name = strings.TrimSpace(d.User.FirstName + " " + d.User.LastName)
		}
		if err == nil {
			var out any
			if out, err = h(r.Context(), v, r); err == nil {
				writeJSON(w, http.StatusOK, out)
				return
			}
		}
		var ae *apiError
		if errors.As(err, &ae) {
			writeJSON(w, ae.status, map[string]string{"error": ae.text})
			return
		}
		s.d.Log.Error("webapp: request failed", "path", r.URL.Path, "user", d.User.ID, "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": msg.AppErrInternal})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v) // the client went away: nothing to do
}

func (s *Server) viewer(ctx context.Context, id int64) (viewer, error) {
	m, err := s.d.Members.Get(ctx, id)
	switch {
	case err == nil:
	case errors.Is(err, org.ErrNoMember) && s.admins[id]:
		m = org.Member{UserID: id}
	case errors.Is(err, org.ErrNoMember):
		return viewer{}, failf(http.StatusForbidden, "%s", msg.AppErrNotRegistered)
	default:
		return viewer{}, fmt.Errorf("member %d: %w", id, err)
	}
	if s.admins[id] {
		m.Role, m.Cluster, m.Unit = org.RoleAdmin, "", ""
	}
	v := viewer{Member: m}
	if m.Role != org.RoleAdmin {
		cl, ok := s.d.Org.Cluster(m.Cluster)
		if !ok {
			return viewer{}, failf(http.StatusForbidden, "%s", msg.AppErrNotAllowed)
		}
		v.cluster = cl
	}
	return v, nil
}

// --- /app/api/me ---

type ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type meJSON struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	RoleName string `json:"role_name"`
	Cluster  *ref   `json:"cluster"`
	Unit     *ref   `json:"unit"`
	// Clusters are those whose ranking the user may open.
	Clusters []ref `json:"clusters"`
	// OwnOnly is true for a focal point of a cluster with visibility "own".
	OwnOnly bool `json:"own_only"`
	Sector  bool `json:"sector"`
}

func (s *Server) me(_ context.Context, v viewer, _ *http.Request) (any, error) {
	out := meJSON{ID: v.UserID, Name: v.Name, Role: string(v.Role), RoleName: msg.RoleName(string(v.Role)),
		Clusters: []ref{}, Sector: v.Role == org.RoleAdmin, OwnOnly: s.ownOnly(v)}
	if v.cluster != nil {
		out.Cluster = &ref{v.cluster.ID, v.cluster.Name}
		if u, _, ok := s.d.Org.Unit(v.Unit); ok {
			out.Unit = &ref{u.ID, u.Name}
		}
	}
	for _, cl := range s.d.Org.Clusters {
		if v.May(org.ActRanking, org.Target{Cluster: cl.ID}) {
			out.Clusters = append(out.Clusters, ref{cl.ID, cl.Name})
		}
	}
	return out, nil
}

// ownOnly: a focal point whose cluster shows each unit only its own line.
func (s *Server) ownOnly(v viewer) bool {
	return v.Role == org.RoleFocal && v.cluster != nil && v.cluster.Visibility != org.VisibilityAll
}

// --- periods and clusters ---

func (s *Server) period(ctx context.Context, r *http.Request, cluster string) (scoring.Period, error) {
	now := s.d.Clock.Now().In(s.d.Location)
	typed := strings.TrimSpace(r.URL.Query().Get("period"))
	if typed == "" {
		if cluster == "" { // the sector overview
			return s.d.Sector.DefaultPeriod(now), nil
		}
		return s.d.Ranker.DefaultPeriod(ctx, cluster)
	}
	// The one period grammar, relative words included ("tháng trước").
	n, err := scoring.ParseNamedAt(typed, scoring.Period{Year: now.Year(), Month: now.Month()})
	p := n.Period
	if err != nil || p.Year > now.Year() || (p.Year == now.Year() && p.Month > now.Month()) {
		return p, failf(http.StatusBadRequest, "%s", msg.AppErrPeriod)
	}
	return p, nil
}

// clusterFor picks the cluster asked for (default the viewer's own, or the
// first for an admin) and checks the viewer may see its ranking.
func (s *Server) clusterFor(v viewer, id string) (*org.Cluster, error) {
	if id == "" {
		if v.cluster != nil {
			return v.cluster, nil
		}
		if len(s.d.Org.Clusters) == 0 {
			return nil, failf(http.StatusNotFound, "%s", msg.AppErrUnknown)
		}
		return &s.d.Org.Clusters[0], nil
	}
	cl, ok := s.d.Org.Cluster(id)
	if !ok {
		// Not found and not yours read the same: no probing of cluster ids.
		if v.Role != org.RoleAdmin {
			return nil, failf(http.StatusForbidden, "%s", msg.AppErrOtherCluster)
		}
		return nil, failf(http.StatusNotFound, "%s", msg.AppErrUnknown)
	}
	if !v.May(org.ActRanking, org.Target{Cluster: cl.ID}) {
		if v.Role == org.RoleMember {
			return nil, failf(http.StatusForbidden, "%s", msg.AppErrNotAllowed)
		}
		return nil, failf(http.StatusForbidden, "%s", msg.AppErrOtherCluster)
	}
	return cl, nil
}

func (s *Server) rank(ctx context.Context, cl *org.Cluster, p scoring.Period) (*rankhistory.Ranking, error) {
	rk, err := s.d.Ranker.Rank(ctx, cl.ID, p)
	switch {
	case errors.Is(err, rankhistory.ErrFuture):
		return nil, failf(http.StatusBadRequest, "%s", msg.AppErrPeriod)
	case errors.Is(err, rankhistory.ErrNoTable):
		return nil, failf(http.StatusNotFound, msg.RankNoTable, cl.Name, p.Year)
	case err != nil:
		return nil, err
	case !rk.HasData:
		return nil, failf(http.StatusNotFound, msg.AppErrNoData, cl.Name, p.Label())
	}
	return rk, nil
}

// --- /app/api/ranking ---

type rankingJSON struct {
	Cluster     ref        `json:"cluster"`
	Period      string     `json:"period"`
	PeriodLabel string     `json:"period_label"`
	OwnOnly     bool       `json:"own_only"`
	Count       int        `json:"count"` // units ranked, also when only one is shown
	Units       []unitLine `json:"units"`
	Chart       string     `json:"chart_svg"`
}

type unitLine struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	Rank     int     `json:"rank"`
	Total    float64 `json:"total"`
	TotalVI  string  `json:"total_text"`
	Movement string  `json:"movement"`
	Missing  int     `json:"missing"`
	// NoData marks a unit without a single figure: shown unranked.
	NoData bool `json:"no_data"`
	// Details says whether the viewer may open the unit's breakdown.
	Details bool `json:"details"`
}

func (s *Server) ranking(ctx context.Context, v viewer, r *http.Request) (any, error) {
	if v.Role == org.RoleMember {
		return nil, failf(http.StatusForbidden, "%s", msg.AppErrNotAllowed)
	}
	cl, err := s.clusterFor(v, r.URL.Query().Get("cluster"))
	if err != nil {
		return nil, err
	}
	p, err := s.period(ctx, r, cl.ID)
	if err != nil {
		return nil, err
	}
	rk, err := s.rank(ctx, cl, p)
	if err != nil {
		return nil, err
	}
	own := s.ownOnly(v)
	out := rankingJSON{Cluster: ref{cl.ID, cl.Name}, Period: p.Key(), PeriodLabel: p.Label(), OwnOnly: own,
		Count: len(rk.Result.Units), Units: []unitLine{}}
	for _, u := range rk.Result.Units {
		if own && u.ID != v.Unit {
			continue
		}
		out.Units = append(out.Units, unitLine{ID: u.ID, Name: u.Name, Rank: u.Rank, Total: u.Total, TotalVI: vi.Fixed(u.Total, 2),
			Movement: rk.Movement(u.ID), Missing: len(u.Missing), NoData: u.NoData, Details: s.mayDetail(v, cl, u.ID)})
	}
	out.Chart = rankingChart(out.Units, v.Unit)
	return out, nil
}

// mayDetail: /diem's rule. Chairs, deputies and admins by role; a focal
// point its own unit, or any unit of its cluster under visibility "all".
func (s *Server) mayDetail(v viewer, cl *org.Cluster, unit string) bool {
	if v.May(org.ActScore, org.Target{Cluster: cl.ID, Unit: unit}) {
		return true
	}
	return v.Role == org.RoleFocal && cl.Visibility == org.VisibilityAll && v.Member.Cluster == cl.ID
}

// --- /app/api/unit ---

type unitJSON struct {
	Cluster     ref          `json:"cluster"`
	Unit        ref          `json:"unit"`
	Period      string       `json:"period"`
	PeriodLabel string       `json:"period_label"`
	Rank        int          `json:"rank"`
	Count       int          `json:"count"`
	Total       string       `json:"total_text"`
	Movement    string       `json:"movement"`
	NoData      bool         `json:"no_data"`
	Groups      []groupJSON  `json:"groups"`
	Gap         string       `json:"gap"`
	Trend       []trendPoint `json:"trend"`
	Chart       string       `json:"trend_svg"`
}

type groupJSON struct {
	ID       string          `json:"id"`
	Name     string          `json:"name"`
	Points   string          `json:"points"`
	Criteria []criterionJSON `json:"criteria"`
}

type criterionJSON struct {
	Name    string `json:"name"`
	Points  string `json:"points"`
	Explain string `json:"explain"`
	Missing bool   `json:"missing"`
}

type trendPoint struct {
	Month int     `json:"month"`
	Rank  int     `json:"rank"`
	Total float64 `json:"total"`
}

func (s *Server) unit(ctx context.Context, v viewer, r *http.Request) (any, error) {
	id := r.URL.Query().Get("unit")
	if id == "" {
		id = v.Unit
	}
	u, cl, ok := s.d.Org.Unit(id)
	if !ok {
		if v.Role != org.RoleAdmin {
			return nil, failf(http.StatusForbidden, "%s", msg.AppErrOtherCluster)
		}
		return nil, failf(http.StatusNotFound, "%s", msg.AppErrUnknown)
	}
	if !s.mayDetail(v, cl, u.ID) {
		switch {
		case v.Role == org.RoleMember:
			return nil, failf(http.StatusForbidden, "%s", msg.AppErrNotAllowed)
		case v.cluster != nil && v.cluster.ID == cl.ID:
			return nil, failf(http.StatusForbidden, "%s", msg.AppErrOwnUnit)
		default:
			return nil, failf(http.StatusForbidden, "%s", msg.AppErrOtherCluster)
		}
	}
	p, err := s.period(ctx, r, cl.ID)
	if err != nil {
		return nil, err
	}
	rk, err := s.rank(ctx, cl, p)
	if err != nil {
		return nil, err
	}
	res, ok := rk.Result.Unit(u.ID)
	if !ok {
		return nil, failf(http.StatusNotFound, "%s", msg.AppErrUnknown)
	}
	out := unitJSON{Cluster: ref{cl.ID, cl.Name}, Unit: ref{u.ID, u.Name}, Period: p.Key(), PeriodLabel: p.Label(),
		Rank: res.Rank, Count: len(rk.Result.Units), Total: vi.Fixed(res.Total, 2), Movement: rk.Movement(u.ID), NoData: res.NoData}
	j := 0
	for gi, g := range rk.Result.Table.Groups {
		gj := groupJSON{ID: g.ID, Name: g.Name, Points: vi.Fixed(res.Groups[gi].Points, 2)}
		for range g.Criteria {
			cr := &res.Criteria[j]
			j++
			gj.Criteria = append(gj.Criteria, criterionJSON{Name: cr.Criterion.Name, Points: vi.Number(cr.Points, 2),
				Explain: cr.Explain(), Missing: cr.Missing})
		}
		out.Groups = append(out.Groups, gj)
	}
	if g, ok := rk.Result.Gap(u.ID); ok && !s.ownOnly(v) {
		// The gap names the unit above: not for a focal point who may
		// see only its own unit.
		out.Gap = g.Text()
	}
	for i, snap := range rk.History {
		tp := trendPoint{Month: i + 1}
		for _, e := range snap.Units {
			if e.Unit == u.ID {
				tp.Rank, tp.Total = e.Rank, e.Total
			}
		}
		out.Trend = append(out.Trend, tp)
	}
	out.Chart = trendChart(out.Trend, len(rk.Result.Units))
	return out, nil
}

// --- /app/api/sector ---

type sectorJSON struct {
	sector.Overview
	PeriodLabel string `json:"period_label"`
	Chart       string `json:"chart_svg"`
}

func (s *Server) sector(ctx context.Context, v viewer, r *http.Request) (any, error) {
	if v.Role != org.RoleAdmin {
		return nil, failf(http.StatusForbidden, "%s", msg.AppErrNotAllowed)
	}
	p, err := s.period(ctx, r, "")
	if err != nil {
		return nil, err
	}
	ov, err := s.d.Sector.Overview(ctx, p, s.d.Clock.Now())
	if err != nil {
		return nil, err
	}
	return sectorJSON{Overview: ov, PeriodLabel: p.Label(), Chart: sectorChart(ov)}, nil
}
