#include "api/torznab/newznab_categories.h"

#include <array>

namespace helmarr::api::torznab {

namespace {

constexpr NewznabCategory kConsole[] = {
    {1010, "Console/NDS"},    {1020, "Console/PSP"},      {1030, "Console/Wii"},    {1040, "Console/XBox"},
    {1050, "Console/XBox 360"}, {1060, "Console/Wiiware"}, {1070, "Console/XBox 360 DLC"}, {1080, "Console/PS3"},
    {1090, "Console/Other"},  {1110, "Console/3DS"},      {1120, "Console/PS Vita"}, {1130, "Console/WiiU"},
    {1140, "Console/XBox One"}, {1180, "Console/PS4"}};
constexpr NewznabCategory kMovies[] = {
    {2010, "Movies/Foreign"}, {2020, "Movies/Other"}, {2030, "Movies/SD"}, {2040, "Movies/HD"},   {2045, "Movies/UHD"},
    {2050, "Movies/BluRay"},  {2060, "Movies/3D"},    {2070, "Movies/DVD"}, {2080, "Movies/WEB-DL"}};
constexpr NewznabCategory kAudio[] = {{3010, "Audio/MP3"},      {3020, "Audio/Video"}, {3030, "Audio/Audiobook"},
                                      {3040, "Audio/Lossless"}, {3050, "Audio/Other"}, {3060, "Audio/Foreign"}};
constexpr NewznabCategory kPc[] = {{4010, "PC/0day"},         {4020, "PC/ISO"},        {4030, "PC/Mac"},
                                   {4040, "PC/Mobile-Other"}, {4050, "PC/Games"},      {4060, "PC/Mobile-iOS"},
                                   {4070, "PC/Mobile-Android"}};
constexpr NewznabCategory kTv[] = {{5010, "TV/WEB-DL"}, {5020, "TV/Foreign"}, {5030, "TV/SD"},
                                   {5040, "TV/HD"},     {5045, "TV/UHD"},     {5050, "TV/Other"},
                                   {5060, "TV/Sport"},  {5070, "TV/Anime"},   {5080, "TV/Documentary"}};
constexpr NewznabCategory kXxx[] = {{6010, "XXX/DVD"},  {6020, "XXX/WMV"},      {6030, "XXX/XviD"}, {6040, "XXX/x264"},
                                    {6045, "XXX/UHD"},  {6050, "XXX/Pack"},     {6060, "XXX/ImageSet"},
                                    {6070, "XXX/Other"}, {6080, "XXX/SD"},      {6090, "XXX/WEB-DL"}};
constexpr NewznabCategory kBooks[] = {{7010, "Books/Mags"},      {7020, "Books/EBook"}, {7030, "Books/Comics"},
                                      {7040, "Books/Technical"}, {7050, "Books/Other"}, {7060, "Books/Foreign"}};
constexpr NewznabCategory kOther[] = {{8010, "Other/Misc"}, {8020, "Other/Hashed"}};

constexpr std::array<NewznabParent, 8> kTree = {{
    {{1000, "Console"}, kConsole},
    {{2000, "Movies"}, kMovies},
    {{3000, "Audio"}, kAudio},
    {{4000, "PC"}, kPc},
    {{5000, "TV"}, kTv},
    {{6000, "XXX"}, kXxx},
    {{7000, "Books"}, kBooks},
    {{8000, "Other"}, kOther},
}};

}  // namespace

std::span<const NewznabParent> newznab_categories() { return kTree; }

}  // namespace helmarr::api::torznab
