#include "services/query/query_engine.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "lib/common/status_macros.h"
#include "lib/normalize/date.h"
#include "lib/normalize/text.h"
#include "lib/normalize/topics.h"
#include "services/query/page_render.h"
#include "services/query/page_token.h"

namespace dateline {
namespace {

constexpr size_t kMaxTopicBytes = 512;

v1::EventRevision Presented(v1::EventRevision rev, const v1::Event& event) {
  rev.set_name(FormatRevisionName(EventName{event.date(), event.slug()}, rev.revision()));
  rev.set_kind(RevisionKind(rev.revision(), event.revision()));
  return rev;
}

}  // namespace

absl::StatusOr<std::string> QueryEngine::TopicKeyOf(absl::string_view topic_in) {
  DL_ASSIGN_OR_RETURN(std::string topic, NormalizeText(topic_in, "topic", kMaxTopicBytes));
  std::string topic_key = TopicKey(topic);
  if (!topic.empty() && topic_key.empty()) {
    return absl::InvalidArgumentError("topic: has no characters to match on");
  }
  return topic_key;
}

absl::StatusOr<StoredEvent> QueryEngine::Lookup(absl::string_view name) const {
  DL_ASSIGN_OR_RETURN(EventName parsed, ParseEventName(name, "name"));
  return store_->GetEvent(parsed, "name");
}

absl::StatusOr<std::string> QueryEngine::GetEventBytes(const v1::GetEventRequest& request) const {
  DL_ASSIGN_OR_RETURN(EventName parsed, ParseEventName(request.name(), "name"));
  return store_->GetEventBytes(parsed, "name");
}

absl::StatusOr<v1::Event> QueryEngine::GetEvent(const v1::GetEventRequest& request) const {
  DL_ASSIGN_OR_RETURN(std::string bytes, GetEventBytes(request));
  v1::Event event;
  if (!event.ParseFromString(bytes)) {
    return absl::DataLossError(absl::StrCat("name: unparsable event ", request.name()));
  }
  return event;
}

absl::StatusOr<v1::BatchGetEventsResponse> QueryEngine::BatchGetEvents(
    const v1::BatchGetEventsRequest& request) const {
  if (request.names_size() == 0) {
    return absl::InvalidArgumentError("names: at least one name is required");
  }
  if (request.names_size() > kMaxBatchGet) {
    return absl::InvalidArgumentError(absl::StrCat("names: at most ", kMaxBatchGet,
                                                   " names per call, got ", request.names_size()));
  }
  std::vector<EventName> names;
  names.reserve(request.names_size());
  for (int i = 0; i < request.names_size(); ++i) {
    DL_ASSIGN_OR_RETURN(EventName n,
                        ParseEventName(request.names(i), absl::StrCat("names[", i, "]")));
    names.push_back(std::move(n));
  }
  DL_ASSIGN_OR_RETURN(std::vector<std::optional<StoredEvent>> found, store_->FindEvents(names));
  v1::BatchGetEventsResponse response;
  for (size_t i = 0; i < found.size(); ++i) {
    if (!found[i].has_value()) {
      return absl::NotFoundError(
          absl::StrCat("names[", i, "]: no event named ", names[i].ToString()));
    }
    *response.add_events() = std::move(*found[i]->mutable_event());
  }
  return response;
}

absl::StatusOr<v1::ListEventsResponse> QueryEngine::ListEvents(
    const v1::ListEventsRequest& request) const {
  std::string start, end;
  if (!request.date().empty()) {
    if (!request.start_date().empty() || !request.end_date().empty()) {
      return absl::InvalidArgumentError(
          "date: give either date or start_date and end_date, not both");
    }
    DL_ASSIGN_OR_RETURN(start, NormalizeDate(request.date(), "date"));
    end = start;
  } else if (!request.start_date().empty() || !request.end_date().empty()) {
    DL_ASSIGN_OR_RETURN(start, NormalizeDate(request.start_date(), "start_date"));
    DL_ASSIGN_OR_RETURN(end, NormalizeDate(request.end_date(), "end_date"));
    if (end < start) {
      return absl::InvalidArgumentError(
          absl::StrCat("end_date: ", end, " is before start_date ", start));
    }
  } else {
    return absl::InvalidArgumentError("date: required (or start_date and end_date)");
  }
  DL_ASSIGN_OR_RETURN(std::string topic_key, TopicKeyOf(request.topic()));
  DL_ASSIGN_OR_RETURN(int page_size, EffectivePageSize(request.page_size()));
  const std::string params = absl::StrCat("events|", start, "|", end, "|", topic_key);
  DL_ASSIGN_OR_RETURN(std::string after, DecodePageToken(request.page_token(), params));

  const DayRange days{start, end};
  // One more than a page is read, to know whether another page follows.
  std::vector<std::string> keys;  // "{date}/{slug}" of each listed event
  v1::ListEventsResponse response;
  if (topic_key.empty()) {
    DL_RETURN_IF_ERROR(store_->ScanDays(days, after, [&](StoredEvent e) {
      keys.push_back(EventName{e.event().date(), e.event().slug()}.Key());
      if (static_cast<int>(keys.size()) > page_size) return false;
      *response.add_events() = std::move(*e.mutable_event());
      return true;
    }));
  } else {
    std::vector<EventName> names;
    DL_RETURN_IF_ERROR(store_->ScanTopicDays(topic_key, days, after, [&](const EventName& n) {
      names.push_back(n);
      return static_cast<int>(names.size()) <= page_size;
    }));
    for (size_t i = 0; i < names.size(); ++i) {
      keys.push_back(names[i].Key());
      if (static_cast<int>(i) == page_size) break;
      // Index rows name canonical names: one point read each; a row without its
      // event is corruption (DATA_LOSS), never silently skipped.
      DL_ASSIGN_OR_RETURN(StoredEvent e, store_->GetIndexed(names[i], "topic index row"));
      *response.add_events() = std::move(*e.mutable_event());
    }
  }
  bool more = static_cast<int>(keys.size()) > page_size;
  if (more) keys.pop_back();
  if (more) response.set_next_page_token(EncodePageToken(params, keys.back()));
  return response;
}

absl::StatusOr<v1::ListRelatedEventsResponse> QueryEngine::ListRelatedEvents(
    const v1::ListRelatedEventsRequest& request) const {
  // The state is read before anything else: a page computed from later data is then
  // stamped with an earlier state, which the store never returns to.
  const StoreState state = store_->state();
  DL_ASSIGN_OR_RETURN(StoredEvent e, Lookup(request.name()));
  DL_ASSIGN_OR_RETURN(int page_size, EffectivePageSize(request.page_size()));
  const std::string params = absl::StrCat("related|", e.event().uid());
  DL_ASSIGN_OR_RETURN(std::string pos, DecodePageToken(request.page_token(), params));
  size_t offset = 0;
  if (!pos.empty() && !absl::SimpleAtoi(pos, &offset)) {
    return absl::InvalidArgumentError("page_token: malformed position");
  }
  const std::string cache_key = absl::StrCat(e.event().uid(), "|", offset, "|", page_size);
  if (related_cache_ != nullptr) {
    if (auto hit = related_cache_->Get(cache_key, state)) return *std::move(hit);
  }
  DL_ASSIGN_OR_RETURN(RelatedPage page, ComputeRelatedPage(*store_, e, related_, offset,
                                                           static_cast<size_t>(page_size)));
  v1::ListRelatedEventsResponse response;
  for (v1::RelatedEvent& r : page.events) *response.add_related_events() = std::move(r);
  size_t end = offset + page.events.size();
  if (end < page.total) response.set_next_page_token(EncodePageToken(params, absl::StrCat(end)));
  // Kept only if nothing changed meanwhile: a page stamped with a state already gone
  // would never be served, and could displace a newer one under the same key.
  if (related_cache_ != nullptr && store_->state() == state) {
    related_cache_->Put(cache_key, state, response);
  }
  return response;
}

absl::StatusOr<v1::ListEventRevisionsResponse> QueryEngine::ListEventRevisions(
    const v1::ListEventRevisionsRequest& request) const {
  DL_ASSIGN_OR_RETURN(StoredEvent e, Lookup(request.name()));
  DL_ASSIGN_OR_RETURN(int page_size, EffectivePageSize(request.page_size()));
  const std::string params = absl::StrCat("revisions|", e.event().uid());
  DL_ASSIGN_OR_RETURN(std::string pos, DecodePageToken(request.page_token(), params));
  int64_t below = 0;
  if (!pos.empty() && (!absl::SimpleAtoi(pos, &below) || below < 1)) {
    return absl::InvalidArgumentError("page_token: malformed position");
  }
  v1::ListEventRevisionsResponse response;
  bool more = false;
  DL_RETURN_IF_ERROR(store_->ScanRevisionsNewestFirst(
      e.event().uid(), below, [&](v1::EventRevision rev) {
        if (response.revisions_size() == page_size) {
          more = true;
          return false;
        }
        *response.add_revisions() = Presented(std::move(rev), e.event());
        return true;
      }));
  if (more) {
    int64_t last = response.revisions(response.revisions_size() - 1).revision();
    response.set_next_page_token(EncodePageToken(params, absl::StrCat(last)));
  }
  return response;
}

absl::StatusOr<v1::EventRevision> QueryEngine::GetEventRevision(
    const v1::GetEventRevisionRequest& request) const {
  DL_ASSIGN_OR_RETURN(RevisionName name, ParseRevisionName(request.name(), "name"));
  DL_ASSIGN_OR_RETURN(StoredEvent e, store_->GetEvent(name.event, "name"));
  int64_t n = name.latest ? e.event().revision() : name.revision;
  DL_ASSIGN_OR_RETURN(std::optional<v1::EventRevision> rev,
                      store_->GetRevision(e.event().uid(), n));
  if (!rev.has_value()) {
    return absl::NotFoundError(absl::StrCat("name: event ", e.event().name(), " has ",
                                            e.event().revision(), " revisions, not ", n));
  }
  return Presented(*std::move(rev), e.event());
}

absl::StatusOr<v1::RenderEventPageResponse> QueryEngine::RenderEventPage(
    const v1::RenderEventPageRequest& request) const {
  DL_ASSIGN_OR_RETURN(StoredEvent e, Lookup(request.name()));
  DL_ASSIGN_OR_RETURN(std::vector<v1::EventRevision> revisions,
                      store_->LoadRevisions(e.event().uid()));
  std::vector<v1::RelatedEvent> related;
  if (e.event().related_size() == 0) {
    RelatedOptions options = related_;
    options.max_computed = 10;
    DL_ASSIGN_OR_RETURN(related, ComputeRelated(*store_, e, options));
  }
  return RenderEvent(e, revisions, related);
}

}  // namespace dateline
