//! Listing repositories (`list_models`, `list_datasets`, `list_spaces`) and
//! the tag and metric catalogues.

use serde::Deserialize;
use serde_json::Value;

use super::one_or_many;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::Request;
use crate::pagination::{decode, Pager};
use crate::types::{DatasetInfo, MetricInfo, ModelInfo, SpaceInfo, TagsByType};
use crate::urls::Query;

/// The old `ModelFilter` (removed from Python in 0.24), still accepted so code
/// written against it keeps working. Expands to `search` and `filter` as 0.22 did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelFilter {
    /// Owner.
    pub author: Option<String>,
    /// Libraries.
    #[serde(deserialize_with = "one_or_many")]
    pub library: Vec<String>,
    /// Languages.
    #[serde(deserialize_with = "one_or_many")]
    pub language: Vec<String>,
    /// Part of the model name.
    pub model_name: Option<String>,
    /// Tasks.
    #[serde(deserialize_with = "one_or_many")]
    pub task: Vec<String>,
    /// Training datasets (`dataset:` prefix added when missing).
    #[serde(deserialize_with = "one_or_many")]
    pub trained_dataset: Vec<String>,
    /// Tags.
    #[serde(deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
}

/// The old `DatasetFilter` (removed from Python in 0.24).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatasetFilter {
    /// Owner.
    pub author: Option<String>,
    /// Benchmarks.
    #[serde(deserialize_with = "one_or_many")]
    pub benchmark: Vec<String>,
    /// Part of the dataset name.
    pub dataset_name: Option<String>,
    /// Language creators.
    #[serde(deserialize_with = "one_or_many")]
    pub language_creators: Vec<String>,
    /// Languages.
    #[serde(deserialize_with = "one_or_many")]
    pub language: Vec<String>,
    /// Multilinguality.
    #[serde(deserialize_with = "one_or_many")]
    pub multilinguality: Vec<String>,
    /// Size categories.
    #[serde(deserialize_with = "one_or_many")]
    pub size_categories: Vec<String>,
    /// Task categories.
    #[serde(deserialize_with = "one_or_many")]
    pub task_categories: Vec<String>,
    /// Task ids.
    #[serde(deserialize_with = "one_or_many")]
    pub task_ids: Vec<String>,
}

/// The `filter` argument: tags (a string or a list), or an old filter object.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Filter<F> {
    /// One tag.
    Tag(String),
    /// Several tags.
    Tags(Vec<String>),
    /// An old filter object.
    Object(F),
}

/// Options of [`Client::list_models`] (Python's keyword arguments).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListModelsOptions {
    /// Tags to filter on (forces `full`, as in Python), or a [`ModelFilter`].
    pub filter: Option<Filter<ModelFilter>>,
    /// Owner.
    pub author: Option<String>,
    /// Libraries (`pytorch`, `transformers`, ...).
    #[serde(deserialize_with = "one_or_many")]
    pub library: Vec<String>,
    /// Languages.
    #[serde(deserialize_with = "one_or_many")]
    pub language: Vec<String>,
    /// Part of the model name (sent as `search`).
    pub model_name: Option<String>,
    /// Tasks.
    #[serde(deserialize_with = "one_or_many")]
    pub task: Vec<String>,
    /// Training datasets (`dataset:` prefix added when missing).
    #[serde(deserialize_with = "one_or_many")]
    pub trained_dataset: Vec<String>,
    /// Tags.
    #[serde(deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
    /// Substring of the repo id.
    pub search: Option<String>,
    /// Client-side filter on `cardData.co2_eq_emissions` (needs `cardData`).
    pub emissions_thresholds: Option<(f64, f64)>,
    /// Sort key (`last_modified`, `downloads`, `likes`, `trending_score`, ...).
    pub sort: Option<String>,
    /// `-1` for descending.
    pub direction: Option<i32>,
    /// Stop after this many models (also sent to the server).
    pub limit: Option<usize>,
    /// Full objects (`True`), light ones (`False`), or the default (`None`).
    pub full: Option<bool>,
    /// Include `cardData`.
    #[serde(rename = "cardData")]
    pub card_data: bool,
    /// Include `config`.
    pub fetch_config: bool,
    /// Pipeline tag.
    pub pipeline_tag: Option<String>,
    /// Only gated (`true`) or only non-gated (`false`) models.
    pub gated: Option<bool>,
    /// Fields to return (newer servers; not combinable with `full`, `cardData`, `fetch_config`).
    #[serde(deserialize_with = "one_or_many")]
    pub expand: Vec<String>,
}

/// Options of [`Client::list_datasets`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListDatasetsOptions {
    /// Tags to filter on, or a [`DatasetFilter`].
    pub filter: Option<Filter<DatasetFilter>>,
    /// Owner.
    pub author: Option<String>,
    /// Benchmarks (sent as `benchmark:<value>`).
    #[serde(deserialize_with = "one_or_many")]
    pub benchmark: Vec<String>,
    /// Part of the dataset name (sent as `search`).
    pub dataset_name: Option<String>,
    /// Language creators.
    #[serde(deserialize_with = "one_or_many")]
    pub language_creators: Vec<String>,
    /// Languages.
    #[serde(deserialize_with = "one_or_many")]
    pub language: Vec<String>,
    /// Multilinguality.
    #[serde(deserialize_with = "one_or_many")]
    pub multilinguality: Vec<String>,
    /// Size categories.
    #[serde(deserialize_with = "one_or_many")]
    pub size_categories: Vec<String>,
    /// Task categories.
    #[serde(deserialize_with = "one_or_many")]
    pub task_categories: Vec<String>,
    /// Task ids.
    #[serde(deserialize_with = "one_or_many")]
    pub task_ids: Vec<String>,
    /// Substring of the repo id.
    pub search: Option<String>,
    /// Sort key.
    pub sort: Option<String>,
    /// `-1` for descending.
    pub direction: Option<i32>,
    /// Stop after this many datasets.
    pub limit: Option<usize>,
    /// Full objects.
    pub full: Option<bool>,
    /// Only gated / non-gated datasets.
    pub gated: Option<bool>,
    /// Fields to return (newer servers).
    #[serde(deserialize_with = "one_or_many")]
    pub expand: Vec<String>,
}

/// Options of [`Client::list_spaces`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListSpacesOptions {
    /// Tags to filter on.
    #[serde(deserialize_with = "one_or_many")]
    pub filter: Vec<String>,
    /// Owner.
    pub author: Option<String>,
    /// Substring of the repo id.
    pub search: Option<String>,
    /// Sort key.
    pub sort: Option<String>,
    /// `-1` for descending.
    pub direction: Option<i32>,
    /// Stop after this many Spaces.
    pub limit: Option<usize>,
    /// Spaces using these datasets.
    #[serde(deserialize_with = "one_or_many")]
    pub datasets: Vec<String>,
    /// Spaces using these models.
    #[serde(deserialize_with = "one_or_many")]
    pub models: Vec<String>,
    /// Include the models and datasets each Space uses.
    pub linked: bool,
    /// Full objects.
    pub full: Option<bool>,
    /// Fields to return (newer servers).
    #[serde(deserialize_with = "one_or_many")]
    pub expand: Vec<String>,
}

/// `last_modified` → `lastModified` (and the other renamed sort keys).
fn sort_key(sort: &str) -> String {
    match sort {
        "last_modified" => "lastModified".into(),
        "trending_score" => "trendingScore".into(),
        "created_at" => "createdAt".into(),
        other => other.into(),
    }
}

/// Appends keyword filters to `params["filter"]` as 0.22 does: the keyword list
/// first, then the values already there, at the position of the existing key.
fn merge_filters(q: &mut Query, mut list: Vec<String>) {
    if list.is_empty() {
        return;
    }
    if let Some(existing) = q.get("filter") {
        list.extend(existing.iter().cloned());
    }
    q.set_list("filter", list);
}

fn check_expand(expand: &[String], conflicts: &[(&str, bool)]) -> Result<()> {
    if expand.is_empty() {
        return Ok(());
    }
    match conflicts.iter().find(|(_, set)| *set) {
        Some((name, _)) => Err(Error::invalid(format!(
            "`expand` cannot be combined with `{name}`"
        ))),
        None => Ok(()),
    }
}

/// The numeric value of `cardData.co2_eq_emissions` (number, numeric string, or
/// `{emissions: ...}`), as Python reads it.
fn emissions_of(card_data: Option<&Value>) -> Option<f64> {
    let mut v = card_data?.get("co2_eq_emissions")?;
    if let Some(inner) = v.get("emissions") {
        v = inner;
    }
    let text = match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => return None,
    };
    // First `\d+\.\d+|\d+` in the text.
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let int_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let mut end = int_end;
    if rest[int_end..].starts_with('.') {
        let frac = &rest[int_end + 1..];
        let frac_len = frac
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(frac.len());
        if frac_len > 0 {
            end = int_end + 1 + frac_len;
        }
    }
    rest[..end].parse().ok()
}

impl ListModelsOptions {
    pub(crate) fn query(&self) -> Result<Query> {
        check_expand(
            &self.expand,
            &[
                ("full", self.full.is_some()),
                ("cardData", self.card_data),
                ("fetch_config", self.fetch_config),
            ],
        )?;
        if self.emissions_thresholds.is_some() && !self.card_data {
            return Err(Error::invalid(
                "`emissions_thresholds` filters on card data: set `cardData` too",
            ));
        }
        let mut q = Query::new();
        match &self.filter {
            Some(Filter::Object(f)) => {
                let mut search = f
                    .author
                    .as_ref()
                    .map(|a| format!("{a}/"))
                    .unwrap_or_default();
                search.push_str(f.model_name.as_deref().unwrap_or(""));
                if !search.is_empty() {
                    q.set("search", search);
                }
                let mut list = f.task.clone();
                list.extend(f.trained_dataset.iter().map(|d| {
                    if d.contains("dataset:") {
                        d.clone()
                    } else {
                        format!("dataset:{d}")
                    }
                }));
                list.extend(f.library.iter().cloned());
                list.extend(f.tags.iter().cloned());
                list.extend(f.language.iter().cloned());
                q.set_list("filter", list);
                q.set_bool("full", true);
            }
            Some(Filter::Tag(t)) => {
                q.set("filter", t.clone());
                q.set_bool("full", true);
            }
            Some(Filter::Tags(t)) => {
                q.set_list("filter", t.clone());
                q.set_bool("full", true);
            }
            None => {}
        }
        q.set_opt("author", self.author.clone());
        q.set_opt("search", self.model_name.clone());
        let mut list = self.library.clone();
        list.extend(self.task.iter().cloned());
        list.extend(self.trained_dataset.iter().map(|d| {
            if d.starts_with("dataset:") {
                d.clone()
            } else {
                format!("dataset:{d}")
            }
        }));
        list.extend(self.language.iter().cloned());
        list.extend(self.tags.iter().cloned());
        if let Some(s) = self.search.as_ref().filter(|s| !s.is_empty()) {
            q.set("search", s.clone());
        }
        q.set_opt("sort", self.sort.as_deref().map(sort_key));
        q.set_opt("direction", self.direction.map(|d| d.to_string()));
        q.set_opt("limit", self.limit.map(|l| l.to_string()));
        match self.full {
            Some(true) => {
                q.set_bool("full", true);
            }
            Some(false) => {
                q.remove("full");
            }
            None => {}
        }
        q.set_flag("config", self.fetch_config);
        q.set_flag("cardData", self.card_data);
        q.set_opt("pipeline_tag", self.pipeline_tag.clone());
        q.set_opt("gated", self.gated.map(crate::urls::py_bool));
        if !self.expand.is_empty() {
            q.set_list("expand", self.expand.clone());
        }
        merge_filters(&mut q, list);
        Ok(q)
    }
}

impl ListDatasetsOptions {
    pub(crate) fn query(&self) -> Result<Query> {
        check_expand(&self.expand, &[("full", self.full.is_some())])?;
        let mut q = Query::new();
        match &self.filter {
            Some(Filter::Object(f)) => {
                let mut search = f
                    .author
                    .as_ref()
                    .map(|a| format!("{a}/"))
                    .unwrap_or_default();
                search.push_str(f.dataset_name.as_deref().unwrap_or(""));
                q.set("search", search);
                q.set_list(
                    "filter",
                    keyword_filters(f.keyword_lists(), |v, k| v.contains(&format!("{k}:"))),
                );
            }
            Some(Filter::Tag(t)) => {
                q.set("filter", t.clone());
            }
            Some(Filter::Tags(t)) => {
                q.set_list("filter", t.clone());
            }
            None => {}
        }
        q.set_opt("author", self.author.clone());
        q.set_opt("search", self.dataset_name.clone());
        // Python 0.22/0.23 sent these as `['value']:value`; the intended
        // `name:value` is sent here (as Python ≥ 0.24 does).
        let list = keyword_filters(
            [
                ("benchmark", &self.benchmark),
                ("language_creators", &self.language_creators),
                ("language", &self.language),
                ("multilinguality", &self.multilinguality),
                ("size_categories", &self.size_categories),
                ("task_categories", &self.task_categories),
                ("task_ids", &self.task_ids),
            ],
            |v, k| v.starts_with(&format!("{k}:")),
        );
        if let Some(s) = self.search.as_ref().filter(|s| !s.is_empty()) {
            q.set("search", s.clone());
        }
        q.set_opt("sort", self.sort.as_deref().map(sort_key));
        q.set_opt("direction", self.direction.map(|d| d.to_string()));
        q.set_opt("limit", self.limit.map(|l| l.to_string()));
        q.set_flag("full", self.full == Some(true));
        q.set_opt("gated", self.gated.map(crate::urls::py_bool));
        if !self.expand.is_empty() {
            q.set_list("expand", self.expand.clone());
        }
        merge_filters(&mut q, list);
        Ok(q)
    }
}

impl DatasetFilter {
    fn keyword_lists(&self) -> [(&'static str, &Vec<String>); 7] {
        [
            ("benchmark", &self.benchmark),
            ("language_creators", &self.language_creators),
            ("language", &self.language),
            ("multilinguality", &self.multilinguality),
            ("size_categories", &self.size_categories),
            ("task_categories", &self.task_categories),
            ("task_ids", &self.task_ids),
        ]
    }
}

/// `name:value` for every value, unless `has_prefix(value, name)` says it is already there.
fn keyword_filters(
    lists: [(&'static str, &Vec<String>); 7],
    has_prefix: impl Fn(&str, &str) -> bool,
) -> Vec<String> {
    let mut out = Vec::new();
    for (name, values) in lists {
        for v in values {
            out.push(if has_prefix(v, name) {
                v.clone()
            } else {
                format!("{name}:{v}")
            });
        }
    }
    out
}

impl ListSpacesOptions {
    pub(crate) fn query(&self) -> Result<Query> {
        check_expand(&self.expand, &[("full", self.full.is_some())])?;
        let mut q = Query::new();
        q.set_list("filter", self.filter.clone());
        q.set_opt("author", self.author.clone());
        if let Some(s) = self.search.as_ref().filter(|s| !s.is_empty()) {
            q.set("search", s.clone());
        }
        q.set_opt("sort", self.sort.as_deref().map(sort_key));
        q.set_opt("direction", self.direction.map(|d| d.to_string()));
        q.set_opt("limit", self.limit.map(|l| l.to_string()));
        q.set_flag("full", self.full == Some(true));
        q.set_flag("linked", self.linked);
        q.set_list("datasets", self.datasets.clone());
        q.set_list("models", self.models.clone());
        if !self.expand.is_empty() {
            q.set_list("expand", self.expand.clone());
        }
        Ok(q)
    }
}

impl Client {
    /// Models on the Hub, lazily paged. `GET /api/models`.
    pub fn list_models(&self, options: &ListModelsOptions) -> Pager<ModelInfo> {
        let query = match options.query() {
            Ok(q) => q,
            Err(e) => return Pager::failed(self, e),
        };
        let url = query.apply(&self.hub_url("/api/models"));
        let thresholds = options.emissions_thresholds;
        Pager::link_with(self, url, options.limit, move |v| {
            let model: ModelInfo = decode(v)?;
            Ok(match thresholds {
                None => Some(model),
                Some((min, max)) => emissions_of(model.card_data.as_ref())
                    .filter(|e| min <= *e && *e <= max)
                    .map(|_| model),
            })
        })
    }

    /// Datasets on the Hub, lazily paged. `GET /api/datasets`.
    pub fn list_datasets(&self, options: &ListDatasetsOptions) -> Pager<DatasetInfo> {
        match options.query() {
            Ok(q) => Pager::link(self, q.apply(&self.hub_url("/api/datasets")), options.limit),
            Err(e) => Pager::failed(self, e),
        }
    }

    /// Spaces on the Hub, lazily paged. `GET /api/spaces`.
    pub fn list_spaces(&self, options: &ListSpacesOptions) -> Pager<SpaceInfo> {
        match options.query() {
            Ok(q) => Pager::link(self, q.apply(&self.hub_url("/api/spaces")), options.limit),
            Err(e) => Pager::failed(self, e),
        }
    }

    /// Model tags grouped by type. `GET /api/models-tags-by-type` (public: no token sent).
    pub fn get_model_tags(&self) -> Result<TagsByType> {
        let mut req = Request::get(self.hub_url("/api/models-tags-by-type"));
        req.auth = false;
        self.send_json(&req)
    }

    /// Dataset tags grouped by type. `GET /api/datasets-tags-by-type` (public: no token sent).
    pub fn get_dataset_tags(&self) -> Result<TagsByType> {
        let mut req = Request::get(self.hub_url("/api/datasets-tags-by-type"));
        req.auth = false;
        self.send_json(&req)
    }

    /// Evaluation metrics. `GET /api/metrics` (public; retired from Python in 0.27).
    pub fn list_metrics(&self) -> Result<Vec<MetricInfo>> {
        let mut req = Request::get(self.hub_url("/api/metrics"));
        req.auth = false;
        self.send_json(&req)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn models(o: ListModelsOptions) -> String {
        o.query().unwrap().encode()
    }

    #[test]
    fn list_models_queries_match_conformance() {
        assert_eq!(
            models(ListModelsOptions {
                search: Some("gpt2".into()),
                author: Some("openai-community".into()),
                limit: Some(2),
                ..Default::default()
            }),
            "author=openai-community&search=gpt2&limit=2"
        );
        assert_eq!(
            models(ListModelsOptions {
                filter: Some(Filter::Tag("text-classification".into())),
                library: vec!["pytorch".into(), "transformers".into()],
                language: vec!["en".into()],
                task: vec!["text-classification".into()],
                trained_dataset: vec!["imdb".into()],
                tags: vec!["endpoints_compatible".into()],
                sort: Some("last_modified".into()),
                direction: Some(-1),
                limit: Some(1),
                card_data: true,
                fetch_config: true,
                pipeline_tag: Some("text-classification".into()),
                ..Default::default()
            }),
            "filter=pytorch&filter=transformers&filter=text-classification&filter=dataset%3Aimdb&filter=en&filter=endpoints_compatible&filter=text-classification&full=True&sort=lastModified&direction=-1&limit=1&config=True&cardData=True&pipeline_tag=text-classification"
        );
        assert_eq!(
            models(ListModelsOptions {
                model_name: Some("bert".into()),
                full: Some(true),
                sort: Some("downloads".into()),
                limit: Some(1),
                ..Default::default()
            }),
            "search=bert&sort=downloads&limit=1&full=True"
        );
        assert_eq!(
            models(ListModelsOptions {
                filter: Some(Filter::Tags(vec!["a".into(), "b".into()])),
                full: Some(false),
                limit: Some(1),
                ..Default::default()
            }),
            "filter=a&filter=b&limit=1"
        );
        assert_eq!(
            models(ListModelsOptions {
                emissions_thresholds: Some((0.0, 100.0)),
                card_data: true,
                limit: Some(1),
                ..Default::default()
            }),
            "limit=1&cardData=True"
        );
        assert_eq!(
            models(ListModelsOptions {
                filter: Some(Filter::Object(ModelFilter {
                    author: Some("google".into()),
                    model_name: Some("bert".into()),
                    task: vec!["fill-mask".into()],
                    library: vec!["pytorch".into()],
                    trained_dataset: vec!["wikipedia".into()],
                    language: vec!["en".into()],
                    tags: vec!["exbert".into()],
                })),
                limit: Some(1),
                ..Default::default()
            }),
            "search=google%2Fbert&filter=fill-mask&filter=dataset%3Awikipedia&filter=pytorch&filter=exbert&filter=en&full=True&limit=1"
        );
    }

    #[test]
    fn list_datasets_queries() {
        let q = |o: ListDatasetsOptions| o.query().unwrap().encode();
        assert_eq!(
            q(ListDatasetsOptions {
                search: Some("imdb".into()),
                author: Some("stanfordnlp".into()),
                sort: Some("downloads".into()),
                direction: Some(-1),
                limit: Some(5),
                full: Some(true),
                ..Default::default()
            }),
            "author=stanfordnlp&search=imdb&sort=downloads&direction=-1&limit=5&full=True"
        );
        assert_eq!(
            q(ListDatasetsOptions {
                filter: Some(Filter::Tags(vec![
                    "language:en".into(),
                    "task_categories:text-classification".into()
                ])),
                dataset_name: Some("imdb".into()),
                limit: Some(1),
                ..Default::default()
            }),
            "filter=language%3Aen&filter=task_categories%3Atext-classification&search=imdb&limit=1"
        );
        // The intended form of 0.22's buggy keyword filters.
        assert_eq!(
            q(ListDatasetsOptions {
                benchmark: vec!["raft".into()],
                language_creators: vec!["crowdsourced".into()],
                language: vec!["en".into()],
                multilinguality: vec!["monolingual".into()],
                size_categories: vec!["10K<n<100K".into()],
                task_categories: vec!["text-classification".into()],
                task_ids: vec!["sentiment-classification".into()],
                limit: Some(1),
                ..Default::default()
            }),
            "limit=1&filter=benchmark%3Araft&filter=language_creators%3Acrowdsourced&filter=language%3Aen&filter=multilinguality%3Amonolingual&filter=size_categories%3A10K%3Cn%3C100K&filter=task_categories%3Atext-classification&filter=task_ids%3Asentiment-classification"
        );
        assert_eq!(
            q(ListDatasetsOptions {
                filter: Some(Filter::Object(DatasetFilter {
                    author: Some("stanfordnlp".into()),
                    dataset_name: Some("imdb".into()),
                    language: vec!["en".into()],
                    task_categories: vec!["text-classification".into()],
                    ..Default::default()
                })),
                limit: Some(1),
                ..Default::default()
            }),
            "search=stanfordnlp%2Fimdb&filter=language%3Aen&filter=task_categories%3Atext-classification&limit=1"
        );
        assert_eq!(
            q(ListDatasetsOptions {
                filter: Some(Filter::Object(DatasetFilter {
                    language: vec!["en".into()],
                    ..Default::default()
                })),
                ..Default::default()
            }),
            "search=&filter=language%3Aen"
        );
    }

    #[test]
    fn list_spaces_query() {
        let o = ListSpacesOptions {
            filter: vec!["gradio".into()],
            author: Some("alice".into()),
            search: Some("demo".into()),
            sort: Some("likes".into()),
            direction: Some(-1),
            limit: Some(3),
            datasets: vec!["stanfordnlp/imdb".into()],
            models: vec![
                "openai-community/gpt2".into(),
                "google-bert/bert-base-uncased".into(),
            ],
            linked: true,
            full: Some(true),
            ..Default::default()
        };
        assert_eq!(
            o.query().unwrap().encode(),
            "filter=gradio&author=alice&search=demo&sort=likes&direction=-1&limit=3&full=True&linked=True&datasets=stanfordnlp%2Fimdb&models=openai-community%2Fgpt2&models=google-bert%2Fbert-base-uncased"
        );
    }

    #[test]
    fn options_decode_from_python_kwargs() {
        let o: ListModelsOptions = serde_json::from_value(serde_json::json!({
            "filter": "text-classification", "library": ["pytorch"], "language": "en",
            "cardData": true, "emissions_thresholds": [0, 100], "limit": 3
        }))
        .unwrap();
        assert_eq!(o.filter, Some(Filter::Tag("text-classification".into())));
        assert_eq!(o.language, vec!["en"]);
        assert!(o.card_data);
        assert_eq!(o.emissions_thresholds, Some((0.0, 100.0)));
        let o: ListModelsOptions = serde_json::from_value(serde_json::json!({
            "filter": {"author": "google", "task": "fill-mask"}
        }))
        .unwrap();
        assert!(matches!(o.filter, Some(Filter::Object(ModelFilter { .. }))));
        assert!(
            serde_json::from_value::<ListModelsOptions>(serde_json::json!({"nope": 1})).is_err()
        );
    }

    #[test]
    fn invalid_combinations_are_rejected() {
        let o = ListModelsOptions {
            emissions_thresholds: Some((0.0, 1.0)),
            ..Default::default()
        };
        assert!(matches!(o.query(), Err(Error::InvalidInput(_))));
        let o = ListModelsOptions {
            expand: vec!["downloads".into()],
            card_data: true,
            ..Default::default()
        };
        assert!(matches!(o.query(), Err(Error::InvalidInput(_))));
    }

    #[test]
    fn emissions_values() {
        let j = |v: Value| emissions_of(Some(&serde_json::json!({"co2_eq_emissions": v})));
        assert_eq!(j(serde_json::json!(12.5)), Some(12.5));
        assert_eq!(j(serde_json::json!("about 40 grams")), Some(40.0));
        assert_eq!(j(serde_json::json!({"emissions": "3.25"})), Some(3.25));
        assert_eq!(j(serde_json::json!(null)), None);
        assert_eq!(emissions_of(None), None);
    }
}
